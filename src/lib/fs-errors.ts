/**
 * The file-system and SQLite failures a user can fix, each named in one line with the fix: a full
 * disk, an I/O error, a permission problem, a path component that is a file. Everything else is
 * left to the caller (an unknown failure is a bug and keeps its stack).
 */

export interface FsProblem {
  /** One line: what happened and where. */
  message: string;
  /** One line: what to do about it. */
  hint: string;
}

const codeOf = (error: unknown): string => String((error as { code?: unknown } | null)?.code ?? "");
const messageOf = (error: unknown): string => String((error as { message?: unknown } | null)?.message ?? error);
/** Node puts the path on the error; SQLite does not (the caller passes the database file). */
const pathOf = (error: unknown, fallback: string | undefined): string | undefined => (error as { path?: string } | null)?.path ?? fallback;

/**
 * A user-fixable cause of `error`, or null when it is something else. `where` names the file when
 * the error does not; a path the caller's message already names (`named`) is not repeated.
 */
export function describeFsError(error: unknown, where?: string, named?: string): FsProblem | null {
  const code = codeOf(error);
  const found = pathOf(error, where);
  const path = found === named ? undefined : found;
  // The code too (ENOSPC, SQLITE_FULL …): what a search or a bug report needs.
  const at = code || path ? ` (${[code, path].filter(Boolean).join(", ")})` : "";
  if (code === "ENOSPC" || code === "EDQUOT" || code.startsWith("SQLITE_FULL") || /database or disk is full/i.test(messageOf(error))) {
    return { message: `the disk is full${at}`, hint: "Free some space on that file system (or raise the quota), then retry." };
  }
  if (code === "EIO" || code.startsWith("SQLITE_IOERR") || /disk I\/O error/i.test(messageOf(error))) {
    return {
      message: `a disk I/O error${at}: ${messageOf(error).split("\n")[0]}`,
      hint: "Check that the file system is mounted and healthy (dmesg), and that the disk is not full.",
    };
  }
  if (code === "EACCES" || code === "EPERM") {
    return { message: `permission denied${at}`, hint: "Make it readable and writable by you, or point CC_DATA_DIR at a directory you own." };
  }
  if (code === "EROFS") {
    return { message: `read-only file system${at}`, hint: "Point CC_DATA_DIR at a writable directory." };
  }
  if (code === "ENOTDIR" || code === "EEXIST") {
    return { message: `a path component is a file, not a directory${at}`, hint: "Move that file away, or point CODEX_HOME / CC_DATA_DIR at a directory." };
  }
  return null;
}
