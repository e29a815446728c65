/**
 * Every directory cc creates for itself (the data dir, its logs) is 0700 and owned by the user, so
 * no other local user can plant a config.json, a database or a log in it. A looser directory of
 * ours is tightened; one owned by someone else, or a shared sticky directory such as /tmp, is
 * refused by name. `recursive: true` with mode 0700 creates missing parents 0700 too (the umask can
 * only remove bits), so umask 000 makes no difference.
 *
 * Every directory cc creates goes through this file: its own with ensurePrivateDir, and one inside
 * another program's tree (Codex's rules dir, Claude's projects dir) with makeDirs, which creates what
 * is missing 0700 and leaves an existing directory as its owner set it. (mkdtemp makes 0700 itself.)
 */
import { chmodSync, lstatSync, mkdirSync, type Stats, statSync } from "node:fs";
import { dirname } from "node:path";
import { CcError } from "./errors.ts";
import { describeFsError } from "./fs-errors.ts";

const POSIX = process.platform !== "win32";
const myUid = (): number | null => process.getuid?.() ?? null;

/** The first component of `path` that exists but is not a directory, if any. */
function fileInTheWay(path: string): string | null {
  for (let p = path; ; p = dirname(p)) {
    try {
      if (!statSync(p).isDirectory()) return p;
    } catch {
      /* missing: look further up */
    }
    if (dirname(p) === p) return null;
  }
}

function fail(path: string, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code;
  const blocker = code === "ENOTDIR" || code === "EEXIST" ? fileInTheWay(path) : null;
  if (blocker) {
    throw new CcError(`cannot create cc's directory ${path}: ${blocker} is a file, not a directory`, {
      hint: "Move that file away, or point CODEX_HOME / CC_DATA_DIR at a directory.",
      cause: error,
    });
  }
  const problem = describeFsError(error, path, path);
  if (problem) throw new CcError(`cannot create cc's directory ${path}: ${problem.message}`, { hint: problem.hint, cause: error });
  throw error;
}

/**
 * Create `path` and any missing parents 0700, whatever the umask; an existing directory is left as
 * it is. For directories in another program's tree; cc's own go through ensurePrivateDir.
 */
export function makeDirs(path: string): string {
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
  } catch (error) {
    fail(path, error);
  }
  return path;
}

/** Create `path` 0700 if missing; check and repair it if it exists. Returns `path`. */
export function ensurePrivateDir(path: string): string {
  let st: Stats;
  try {
    mkdirSync(path, { recursive: true, mode: 0o700 });
    st = lstatSync(path);
  } catch (error) {
    fail(path, error);
  }
  if (!st.isDirectory()) {
    throw new CcError(`cc's directory ${path} is ${st.isSymbolicLink() ? "a symbolic link" : "not a directory"}`, {
      hint: "Move it away, or point CC_DATA_DIR at a directory of yours.",
    });
  }
  if (!POSIX) return path;
  const uid = myUid();
  if (uid !== null && st.uid !== uid) {
    throw new CcError(`cc's directory ${path} belongs to another user (uid ${st.uid}), not to you (uid ${uid})`, {
      hint: "cc keeps its config and jobs only in a directory you own: remove it (as its owner), or point CC_DATA_DIR at a directory of yours.",
    });
  }
  if ((st.mode & 0o1000) !== 0) {
    throw new CcError(`cc's directory ${path} is a shared (sticky) directory`, { hint: "Point CC_DATA_DIR at a directory of its own, e.g. ~/.cc." });
  }
  if ((st.mode & 0o077) !== 0) {
    try {
      chmodSync(path, 0o700);
    } catch (error) {
      throw new CcError(`cc's directory ${path} is open to other users (mode ${(st.mode & 0o777).toString(8)}) and cannot be made private`, {
        hint: `Run \`chmod 700 '${path}'\`.`,
        cause: error,
      });
    }
  }
  return path;
}

/**
 * A file whose content cc trusts (config.json names a program cc runs) must be the user's own and
 * writable by no one else; otherwise another user could choose that program.
 */
export function assertPrivateFile(path: string, st: Stats): void {
  if (!POSIX) return;
  const uid = myUid();
  if (uid !== null && st.uid !== uid) {
    throw new CcError(`cc's config ${path} belongs to another user (uid ${st.uid}); cc will not use it`, {
      hint: `Check what it says, then remove it and run \`cc setup\` again (or point CC_DATA_DIR elsewhere).`,
    });
  }
  if ((st.mode & 0o022) !== 0) {
    throw new CcError(`cc's config ${path} is writable by other users (mode ${(st.mode & 0o777).toString(8)}); cc will not use it`, {
      hint: `Check what it says, then run \`chmod 600 '${path}'\`.`,
    });
  }
}
