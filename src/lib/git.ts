/**
 * The one way cc runs git, for its plumbing (rescue snapshots, undo, the changed-files list), a
 * review's streamed reads and the gate's turn diff alike; no other file in src/ starts a git
 * (test/unit/git-spawns.test.ts fails on one that does).
 *
 * cc's git must not run a program of the repository's by surprise: no hooks (a private-index
 * `git add` fires `post-index-change`, also through `core.hooksPath`), no fsmonitor daemon, no
 * clean/smudge filter drivers (LFS included), no external diff or textconv, no automatic gc. Line
 * endings are stored as they are on disk (`core.autocrlf=false`) so a restore is byte for byte.
 * What is still honoured: `.gitignore` (what counts as an untracked file), and `text`/`eol`
 * attributes from `.gitattributes` files, which are data and cannot be switched off on git < 2.40.
 */
import { DRIVER_KEYS, FIXED_OVERRIDES, type GitOverride, gitConfigArgs, overridesFor, READ_ONLY_GIT_ENV } from "./git-safety.ts";

export interface GitResult {
  ok: boolean;
  code: number;
  out: string;
  err: string;
}

export interface GitOptions {
  env?: Record<string, string>;
  /** Written to git's stdin. */
  input?: string;
  /** Kill git after this long (a fetch from a remote that does not answer). */
  timeoutMs?: number;
}

/**
 * On top of the overrides every cc git call gets (src/lib/git-safety.ts: hooks, fsmonitor, filter
 * and diff drivers, signatures), what plumbing that writes objects and refs needs.
 */
const PLUMBING = [
  "core.untrackedCache=false",
  "core.autocrlf=false",
  "core.safecrlf=false",
  "commit.gpgSign=false",
  "tag.gpgSign=false",
  "gc.auto=0",
  "maintenance.auto=false",
  "advice.detachedHead=false",
].flatMap((kv) => ["-c", kv]);

/** Inherited variables that would point git at another index, object store or config. */
const DROPPED_ENV = [
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_CONFIG_PARAMETERS",
  "GIT_CONFIG_COUNT",
  "GIT_EXTERNAL_DIFF",
  "GIT_DIR",
  "GIT_WORK_TREE",
];

function environment(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !DROPPED_ENV.includes(k)) env[k] = v;
  return {
    ...env,
    LC_ALL: "C",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
    // Snapshot commits need an identity even where the user has none configured.
    GIT_AUTHOR_NAME: "cc",
    GIT_AUTHOR_EMAIL: "cc@localhost",
    GIT_COMMITTER_NAME: "cc",
    GIT_COMMITTER_EMAIL: "cc@localhost",
    ...extra,
  };
}

/** What a git call answers when there is no git at all (common on Windows): no snapshot, not a crash. */
export const NO_GIT = "git was not found on PATH";

/** Where every synchronous git of cc starts (`args` already carry the overrides). */
function spawnGitSync(cwd: string, args: string[], env: Record<string, string>, input?: string, timeoutMs?: number): GitResult {
  try {
    const r = Bun.spawnSync(["git", ...args], {
      cwd,
      env,
      stdin: input === undefined ? "ignore" : Buffer.from(input),
      stdout: "pipe",
      stderr: "pipe",
      ...(timeoutMs ? { timeout: timeoutMs } : {}),
    });
    return { ok: r.exitCode === 0, code: r.exitCode ?? -1, out: r.stdout.toString(), err: r.stderr.toString().trim() };
  } catch {
    return { ok: false, code: -1, out: "", err: NO_GIT };
  }
}

/** Environment for a git that only reads: the caller's (or `base`), no index writes, pager or prompt. */
function readOnlyEnvironment(base: Record<string, string | undefined> = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  return { ...env, ...READ_ONLY_GIT_ENV };
}

/** The drivers a repository (or the user's own config) defines: `filter.<x>` and `diff.<x>` names. */
function configuredDrivers(cwd: string): { filters: Set<string>; diffs: Set<string> } {
  const filters = new Set<string>();
  const diffs = new Set<string>();
  // Reading config runs no driver; the fixed overrides still keep hooks and fsmonitor out.
  const r = spawnGitSync(cwd, [...gitConfigArgs(FIXED_OVERRIDES), "config", "--null", "--name-only", "--get-regexp", DRIVER_KEYS], readOnlyEnvironment());
  if (!r.ok) return { filters, diffs }; // no git at all, or no driver configured
  for (const key of r.out.split("\0")) {
    const m = /^(filter|diff)\.(.+)\.[a-z]+$/s.exec(key);
    if (m) (m[1] === "filter" ? filters : diffs).add(m[2]!);
  }
  return { filters, diffs };
}

/** Every override for a repository at `cwd` (fixed ones plus one set per configured driver); read once per process. */
const overridesByCwd = new Map<string, GitOverride[]>();
export function gitOverrides(cwd: string): GitOverride[] {
  const cached = overridesByCwd.get(cwd);
  if (cached) return cached;
  const { filters, diffs } = configuredDrivers(cwd);
  const out = overridesFor(filters, diffs);
  overridesByCwd.set(cwd, out);
  return out;
}

/** Run cc's internal git in `cwd` with hooks, filters and helpers off. Never throws for a git failure. */
export function internalGit(cwd: string, args: string[], opts: GitOptions = {}): GitResult {
  return spawnGitSync(cwd, [...gitConfigArgs(gitOverrides(cwd)), ...PLUMBING, ...args], environment(opts.env ?? {}), opts.input, opts.timeoutMs);
}

/** The same, for a command that must succeed: throws with git's own message. */
export function internalGitOrThrow(cwd: string, args: string[], opts: GitOptions = {}): string {
  const r = internalGit(cwd, args, opts);
  if (!r.ok)
    throw new Error(
      `git ${args
        .filter((a) => !a.startsWith("-"))
        .slice(0, 2)
        .join(" ")} failed: ${r.err || `exit ${r.code}`}`,
    );
  return r.out;
}

/**
 * A git that reads no file's content (`rev-parse`, `config`): the fixed overrides, without the look
 * at the repository's drivers that content-reading commands need. `env` replaces the inherited
 * environment (the sandboxed claude's, whose HOME may differ).
 */
export function gitQuery(cwd: string, args: string[], env?: Record<string, string | undefined>): GitResult {
  return spawnGitSync(cwd, [...gitConfigArgs(FIXED_OVERRIDES), ...args], readOnlyEnvironment(env));
}

/** A read-only git whose stdout is consumed as a stream (a review's diff, the gate's turn diff). Throws when git cannot start. */
export function spawnReadOnlyGit(cwd: string, args: string[]) {
  return Bun.spawn(["git", ...gitConfigArgs(gitOverrides(cwd)), ...args], { cwd, env: readOnlyEnvironment(), stdin: "ignore", stdout: "pipe", stderr: "pipe" });
}
