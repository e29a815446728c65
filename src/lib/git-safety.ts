/**
 * Git settings that keep a repository's own configuration from running programs while cc (or the
 * read-only Claude of a review) only looks at it. A plain clone cannot plant these, but an unpacked
 * archive or a shared directory brings its `.git/config` and hooks along:
 * - `core.fsmonitor` (runs on every status/diff), hooks such as `post-index-change` → off;
 * - `filter.<x>.clean`/`smudge`/`process` (run to compare the worktree) → empty, and not required;
 * - `log.showSignature` → false, and `gpg.program` (and its openpgp/x509/ssh variants) → `false`, so
 *   even an explicit `--show-signature` runs nothing the repository chose;
 * - `diff.<x>.textconv` → `cat` (the file's own bytes), and `diff.external`/`diff.<x>.command` → a
 *   plain unified diff of the two files: git has no way to unset a value from the command line, and
 *   an empty one makes every diff fail. (cc's own diffs pass --no-ext-diff --no-textconv; Claude's
 *   read-only classifier denies `--no-textconv`, so for Claude these values are what protects.)
 * Optional index locks are off too, so a review never writes the user's index.
 */
import { CcError } from "./errors.ts";

export type GitOverride = readonly [key: string, value: string];

/** Environment for every read-only git run: no index writes, no pager, no credential prompt. */
export const READ_ONLY_GIT_ENV: Record<string, string> = { GIT_OPTIONAL_LOCKS: "0", GIT_PAGER: "cat", GIT_TERMINAL_PROMPT: "0" };

/**
 * Receives git's external-diff arguments (path old-file old-hex old-mode new-file …) and prints a
 * unified diff of the two files under the repository path; exit 1 ("they differ") is success.
 */
const BUILTIN_EXTERNAL_DIFF = 'f() { echo "diff --git a/$1 b/$1"; diff -u --label "a/$1" --label "b/$1" -- "$2" "$5"; [ $? -le 1 ]; }; f';

const FIXED: GitOverride[] = [
  ["core.fsmonitor", "false"],
  ["core.hooksPath", process.platform === "win32" ? "NUL" : "/dev/null"],
  ["log.showSignature", "false"],
  ["gpg.program", "false"],
  ["gpg.openpgp.program", "false"],
  ["gpg.x509.program", "false"],
  ["gpg.ssh.program", "false"],
  ["diff.external", BUILTIN_EXTERNAL_DIFF],
];

/** The fixed overrides plus one set per driver the configuration names (`filter.<x>` and `diff.<x>`). */
export function overridesFor(filters: Iterable<string>, diffs: Iterable<string>): GitOverride[] {
  const out = [...FIXED];
  for (const name of filters)
    out.push([`filter.${name}.clean`, ""], [`filter.${name}.smudge`, ""], [`filter.${name}.process`, ""], [`filter.${name}.required`, "false"]);
  for (const name of diffs) out.push([`diff.${name}.textconv`, "cat"], [`diff.${name}.command`, BUILTIN_EXTERNAL_DIFF]);
  return out;
}

/** The overrides that need no look at the repository's configuration (for git that reads no file content). */
export const FIXED_OVERRIDES: readonly GitOverride[] = FIXED;

/** `git config --get-regexp` pattern for every driver key that can name a program. */
export const DRIVER_KEYS = String.raw`^(filter|diff)\..+\.(clean|smudge|process|required|textconv|command)$`;

/** As `-c key=value` arguments, for cc's own git calls. */
export const gitConfigArgs = (overrides: readonly GitOverride[]): string[] => overrides.flatMap(([k, v]) => ["-c", `${k}=${v}`]);

/**
 * As GIT_CONFIG_COUNT/KEY/VALUE variables, for git processes cc does not start itself (Claude's
 * tools). Appended after any the caller already set, which they then still win over.
 */
export function gitConfigEnv(overrides: readonly GitOverride[], base: Record<string, string | undefined> = {}): Record<string, string> {
  const existing = Number(base.GIT_CONFIG_COUNT ?? 0);
  const start = Number.isInteger(existing) && existing > 0 ? existing : 0;
  const env: Record<string, string> = { ...READ_ONLY_GIT_ENV, GIT_CONFIG_COUNT: String(start + overrides.length) };
  overrides.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${start + i}`] = k;
    env[`GIT_CONFIG_VALUE_${start + i}`] = v;
  });
  return env;
}

/**
 * git's refusal of a repository owned by someone else ("detected dubious ownership"): named as
 * such, with git's own remedy, instead of being mistaken for "not a repository".
 */
export function refusedRepository(stderr: string, cwd: string): CcError | null {
  if (!/dubious ownership/i.test(stderr)) return null;
  const dir = /repository at '([^']+)'/.exec(stderr)?.[1] ?? cwd;
  return new CcError(`git refuses the repository ${dir}: it is owned by another user ("dubious ownership")`, {
    hint: `If you trust it, run \`git config --global --add safe.directory '${dir}'\`; otherwise review it as its owner.`,
  });
}
