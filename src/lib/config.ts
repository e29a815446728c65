/**
 * cc's own settings, `<data dir>/config.json`, validated with zod. Unknown keys are kept when cc
 * writes the file back, so a newer cc's settings survive an older one.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "./atomic-write.ts";
import { CcError } from "./errors.ts";
import { configPath } from "./paths.ts";

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
    /** Gate Codex's stop on a Claude review of the last turn (cc setup --enable-review-gate). */
    reviewGate: z.boolean().optional(),
    /** Upper bound, in bytes, of the review prompt (diff and files inlined up to this). */
    reviewPromptBudget: z.number().int().positive().optional(),
  })
  .passthrough();

export type CcConfig = z.infer<typeof configSchema>;

export function readConfig(path: string = configPath()): CcConfig {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new CcError(`cannot read cc's config ${path}: ${(error as Error).message}`);
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
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`, 0o600);
  return next;
}
