/**
 * The little path arithmetic the hot paths need (every hook, `cc version`, `cc status`), as text.
 * Loading node:path and node:os costs each of those runs 2.5 and 1.6 MiB (bench/README.md) for
 * three functions; everything off the hot paths uses node:path. These take what cc builds itself
 * (an absolute setting plus plain names), so they do not normalise `.` or `..` as node:path would.
 */

const WINDOWS = process.platform === "win32";
const SEPARATOR = WINDOWS ? "\\" : "/";
const isSeparator = (c: string) => c === "/" || (WINDOWS && c === "\\");

/** Without its trailing separators (no regex: see isAbsolutePath). */
function trimTrailing(path: string): string {
  let end = path.length;
  while (end > 0 && isSeparator(path[end - 1]!)) end--;
  return path.slice(0, end);
}

/**
 * Absolute as node:path's `isAbsolute` says (on Windows also `\dir` and `C:\dir`, any separator).
 * No regular expression on POSIX: the first one a process runs costs it 1–2 MiB (bench/README.md).
 */
export const isAbsolutePath = (path: string): boolean => (WINDOWS ? /^([A-Za-z]:)?[\\/]/.test(path) : path.startsWith("/"));

/** `base` and plain names joined with the platform's separator (`/` and `C:\` stay roots). */
export function joinPath(base: string, ...names: string[]): string {
  return [trimTrailing(base), ...names].join(SEPARATOR);
}

/** The directory holding `path` (its root for a top-level entry). */
export function parentDir(path: string): string {
  const trimmed = trimTrailing(path);
  if (trimmed === "" && path !== "") return SEPARATOR; // the root is its own parent
  const cut = WINDOWS ? Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\")) : trimmed.lastIndexOf("/");
  if (cut < 0) return ".";
  const parent = trimmed.slice(0, cut);
  return parent === "" || (WINDOWS && /^[A-Za-z]:$/.test(parent)) ? parent + SEPARATOR : parent;
}

/**
 * What node:os `homedir()` returns (`HOME`, `USERPROFILE` on Windows, else the OS's record), with
 * node:os loaded only when the variable is unset (a lazy require keeps it off the common path).
 */
export function homeDirectory(env: Record<string, string | undefined> = process.env): string {
  return (WINDOWS ? env.USERPROFILE : env.HOME) || (require("node:os") as typeof import("node:os")).homedir();
}
