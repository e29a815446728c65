/**
 * cc's own settings, `<data dir>/config.json`, validated with zod. Unknown keys are kept when cc
 * writes the file back, so a newer cc's settings survive an older one.
 */
import { closeSync, fstatSync, openSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "./atomic-write.ts";
import { CcError } from "./errors.ts";
import { configPath } from "./paths.ts";
import { assertPrivateFile, ensurePrivateDir } from "./private-dir.ts";

export const configSchema = z
  .object({
    /** Absolute path of the claude executable; wins over PATH and the usual locations. */
    claudePath: z.string().min(1).optional(),
    /** Where `cc install`, run from the user's terminal, found claude: tried when PATH (reset by a login shell) has none. */
    rememberedClaudePath: z.string().min(1).optional(),
    /** Overrides of the `write` permission profile used by rescue. */
    writeProfile: z
      .object({
        permissionMode: z.enum(["acceptEdits", "bypassPermissions"]).optional(),
        allowedTools: z.array(z.string()).optional(),
        disallowedTools: z.array(z.string()).optional(),
      })
      .optional(),
    /** "off" consents to unsandboxed rescues for good (same as --no-sandbox on every run). */
    rescueSandbox: z.enum(["on", "off"]).optional(),
    /** Hosts a sandboxed rescue's commands may always reach (added to --network). */
    rescueNetwork: z.array(z.string().min(1)).optional(),
    /** Gate Codex's stop on a Claude review of the last turn: the default for every workspace. */
    reviewGate: z.boolean().optional(),
    /** The gate per workspace root (cc setup --enable-review-gate); wins over `reviewGate` (src/lib/review-gate.ts). */
    reviewGateByWorkspace: z.record(z.string(), z.boolean()).optional(),
    /** End a run after this long without an event from Claude (a duration: "10m"; "0" = never). */
    stallTimeout: z.string().min(1).optional(),
    /** End any run after this long in total (a duration: "2h"; "0" = no limit, the default). */
    maxRunTime: z.string().min(1).optional(),
    /** A review without --wait/--background runs in the background above this size (src/review/run-mode.ts). */
    reviewBackgroundAbove: z.object({ files: z.number().int().nonnegative().optional(), lines: z.number().int().nonnegative().optional() }).optional(),
    /** Wake the idle Codex thread a background job came from when it ends or asks (`codex queue`; default on; costs one model turn per wake). */
    jobWakeup: z.boolean().optional(),
    /** How long a job that asked a question (`needs-input`) waits for an answer (a duration: "24h", the default; "0" = for ever). */
    needsInputTimeout: z.string().min(1).optional(),
    /** A rescue without --wait/--background runs in the background (default false: the foreground). */
    rescueInBackground: z.boolean().optional(),
    /** Where write rescues work: "background" (default: background ones in a private worktree), "always", "never" (in place). */
    rescueIsolation: z.enum(["background", "always", "never"]).optional(),
    /** Ignored top-level directories a rescue worktree links to your copy, read-only (default node_modules, .venv, venv). */
    rescueWorktreeShare: z.array(z.string().regex(/^[^/\\]+$/, "a directory name at the repository's top level")).optional(),
    /** How many worktree rescues may run at once in one workspace; the rest wait as queued (default 4). */
    rescueParallelLimit: z.number().int().min(1).max(64).optional(),
    /** How many times the gate may block the stops of one user turn (0: it reports, never blocks). Default 1. */
    reviewGateMaxBlocks: z.number().int().min(0).max(10).optional(),
    /** Hard limit of one gate review, in seconds (default 300; the Stop hook itself is given 600). */
    reviewGateTimeoutSeconds: z.number().int().min(10).max(540).optional(),
    /** What SessionEnd does with this session's running background jobs when an interactive session ends. */
    sessionEndJobs: z.enum(["keep", "cancel"]).optional(),
    /**
     * Extra environment variables a rescue's claude and its tools may see (names, or prefixes ending
     * in `*`), e.g. ["NPM_TOKEN"]. OpenAI's and Codex's are never passed (src/claude/environment.ts).
     */
    passEnvironment: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*\*?$/, "a variable name, or a prefix ending in *"))
      // A broader pattern (`*`, `OPEN*`) is accepted, but those variables are still filtered out.
      .refine((names) => !names.some((n) => /^(OPENAI_|CODEX_|AZURE_OPENAI_)/.test(n)), "OpenAI's and Codex's variables are never passed to Claude")
      .optional(),
    /** Upper bound, in bytes, of the review prompt (diff and files inlined up to this). */
    reviewPromptBudget: z.number().int().positive().optional(),
    /** `cc version` mentions a newer release found by the last `cc update --check` (default on). */
    updateNotice: z.boolean().optional(),
    /**
     * Automatic housekeeping (src/housekeeping.ts): finished jobs you have read are deleted once
     * older than `olderThanDays` (default 30) and beyond the newest `keepPerWorkspace` (default 500)
     * of their workspace. `false` turns it off (`cc status --prune` still works).
     */
    housekeeping: z
      .union([
        z.literal(false),
        z.object({ olderThanDays: z.number().int().min(1).max(36_500).optional(), keepPerWorkspace: z.number().int().min(0).optional() }).strict(),
      ])
      .optional(),
  })
  .passthrough();

export type CcConfig = z.infer<typeof configSchema>;

export function readConfig(path: string = configPath()): CcConfig {
  let raw: string;
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new CcError(`cannot read cc's config ${path}: ${(error as Error).message}`);
  }
  try {
    // Checked on the open file, so a swap between the check and the read cannot slip past.
    assertPrivateFile(path, fstatSync(fd));
    raw = readFileSync(fd, "utf8");
  } catch (error) {
    if (error instanceof CcError) throw error;
    throw new CcError(`cannot read cc's config ${path}: ${(error as Error).message}`);
  } finally {
    closeSync(fd);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new CcError(`cc's config ${path} is not valid JSON: ${(error as Error).message}`, { hint: `Fix or delete ${path}.` });
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CcError(`cc's config ${path} is invalid at "${issue.path.join(".")}": ${issue.message}`, { hint: `Fix or delete ${path}.` });
  }
  return parsed.data;
}

/** Merge `patch` into the config and write it atomically (temp file + rename), mode 0600. */
export function updateConfig(patch: Partial<CcConfig>, path: string = configPath()): CcConfig {
  const next = configSchema.parse({ ...readConfig(path), ...patch });
  ensurePrivateDir(dirname(path));
  writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`, 0o600);
  return next;
}
