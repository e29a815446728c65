/**
 * Files undo writes that git's view of the working tree does not show. A path of the snapshot that
 * the rescue's tree no longer lists was deleted, or is now ignored (say the rescue wrote a
 * `.gitignore` with `*.log`): undo writes it back, so how the rescue left it on disk is recorded
 * when the rescue ends, and undo refuses when it changed since (a user's later edit, invisible to git).
 */
import { lstatSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { internalGit } from "../lib/git.ts";

/** How many entries of a directory standing at such a path are fingerprinted before giving up. */
const MAX_DIRECTORY_ENTRIES = 10_000;
/** How many such files a rescue's row records at most. */
const MAX_RECORDED = 20_000;
/** Never equal to a recorded fingerprint: undo refuses rather than guess. */
const UNKNOWN = "unknown";

/** Paths in `from` that `to` does not list (`git diff --diff-filter=D`). */
export function vanishedPaths(cwd: string, from: string, to: string): string[] {
  if (from === to) return [];
  const r = internalGit(cwd, ["diff", "--no-ext-diff", "--no-textconv", "--name-only", "-z", "--no-renames", "--diff-filter=D", from, to]);
  if (!r.ok) throw new Error(`git diff failed: ${r.err}`);
  return r.out.split("\0").filter(Boolean);
}

/** What stands at `path` now, as a string that changes with any write: type, mode, size, mtime, inode; null when nothing does. */
function fingerprint(path: string): string | null {
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(path, { bigint: true });
  } catch {
    return null;
  }
  const own = `${st.mode}:${st.size}:${st.mtimeNs}:${st.ino}`;
  if (!st.isDirectory()) return own;
  // A directory where the snapshot had a file: undo deletes it with everything in it.
  const parts = [own];
  const walk = (dir: string): boolean => {
    for (const name of readdirSync(dir).sort()) {
      if (parts.length > MAX_DIRECTORY_ENTRIES) return false;
      const child = join(dir, name);
      const entry = lstatSync(child, { bigint: true });
      parts.push(`${child.slice(path.length)}=${entry.mode}:${entry.size}:${entry.mtimeNs}:${entry.ino}`);
      if (entry.isDirectory() && !walk(child)) return false;
    }
    return true;
  };
  try {
    return walk(path) ? parts.join("\n") : UNKNOWN;
  } catch {
    return UNKNOWN;
  }
}

/** The fingerprints of those of `paths` (relative to `top`) that exist. */
function fingerprintPaths(top: string, paths: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of paths) {
    const print = fingerprint(join(top, path));
    if (print !== null) out[path] = print;
  }
  return out;
}

/**
 * Recorded when a rescue ends: how it left the files of the snapshot (`before`) its tree (`after`)
 * no longer lists. undefined when that cannot be read; undo then refuses on any such file.
 */
export function hiddenFilesOf(cwd: string, before: string | null, after: string | null): Record<string, string> | undefined {
  if (!before || !after) return undefined;
  const top = internalGit(cwd, ["rev-parse", "--show-toplevel"]);
  if (!top.ok) return undefined;
  try {
    const paths = vanishedPaths(top.out.trim(), before, after);
    // Kept in the job's row: past this many (a whole ignored tree), nothing is recorded and undo refuses on them.
    return paths.length > MAX_RECORDED ? undefined : fingerprintPaths(top.out.trim(), paths);
  } catch {
    return undefined;
  }
}

/**
 * Which of `paths` hold something now that is not as `recorded` says the rescue left it (absent from
 * the record: nothing stood there). A path with nothing on it now is safe to write back.
 */
export function changedSince(top: string, paths: string[], recorded: Record<string, string>): string[] {
  return paths.filter((path) => {
    const now = fingerprint(join(top, path));
    return now !== null && (now !== (recorded[path] ?? null) || now === UNKNOWN);
  });
}
