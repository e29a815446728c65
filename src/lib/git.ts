/**
 * The one way cc runs git for its own plumbing (rescue snapshots, undo, the changed-files list).
 *
 * cc's git must not run a program of the repository's by surprise: no hooks (a private-index
 * `git add` fires `post-index-change`, also through `core.hooksPath`), no fsmonitor daemon, no
 * clean/smudge filter drivers (LFS included), no external diff or textconv, no automatic gc. Line
 * endings are stored as they are on disk (`core.autocrlf=false`) so a restore is byte for byte.
 * What is still honoured: `.gitignore` (what counts as an untracked file), and `text`/`eol`
 * attributes from `.gitattributes` files, which are data and cannot be switched off on git < 2.40.
 */
import { gitConfigArgs, gitOverrides } from "./git-safety.ts";

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
const DROPPED_ENV = ["GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT", "GIT_EXTERNAL_DIFF", "GIT_DIR", "GIT_WORK_TREE"];

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

function spawnGit(cwd: string, args: string[], opts: GitOptions): GitResult {
  try {
    const r = Bun.spawnSync(["git", ...args], {
      cwd,
      env: environment(opts.env ?? {}),
      stdin: opts.input === undefined ? "ignore" : Buffer.from(opts.input),
      stdout: "pipe",
      stderr: "pipe",
      ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
    });
    return { ok: r.exitCode === 0, code: r.exitCode ?? -1, out: r.stdout.toString(), err: r.stderr.toString().trim() };
  } catch {
    return { ok: false, code: -1, out: "", err: NO_GIT };
  }
}

/** Run cc's internal git in `cwd` with hooks, filters and helpers off. Never throws for a git failure. */
export function internalGit(cwd: string, args: string[], opts: GitOptions = {}): GitResult {
  return spawnGit(cwd, [...gitConfigArgs(gitOverrides(cwd)), ...PLUMBING, ...args], opts);
}

/** The same, for a command that must succeed: throws with git's own message. */
export function internalGitOrThrow(cwd: string, args: string[], opts: GitOptions = {}): string {
  const r = internalGit(cwd, args, opts);
  if (!r.ok) throw new Error(`git ${args.filter((a) => !a.startsWith("-")).slice(0, 2).join(" ")} failed: ${r.err || `exit ${r.code}`}`);
  return r.out;
}
