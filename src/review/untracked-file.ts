/** Reading an untracked file for the review prompt without being tricked by a swap after the check. */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";

/**
 * Open an untracked file that was a regular file at lstat time, without following a symbolic link
 * swapped in since (O_NOFOLLOW), without blocking on a FIFO (O_NONBLOCK), and only if the open file
 * is the one that was checked (same device and inode). Returns the fd, or why it was not opened.
 */
export function openChecked(full: string, checked: Stats): { fd: number } | { note: string } {
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  let fd: number;
  try {
    fd = openSync(full, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP" || code === "EMLINK") return { note: "replaced by a symlink while being read, not followed" };
    throw error;
  }
  const st = fstatSync(fd);
  if (!st.isFile() || st.ino !== checked.ino || st.dev !== checked.dev) {
    closeSync(fd);
    return { note: "replaced while being read, not shown" };
  }
  return { fd };
}

/** Up to `max` bytes from the start of an open file. */
export function readHead(fd: number, max: number): Buffer {
  const buf = Buffer.alloc(max);
  let n = 0;
  while (n < max) {
    const got = readSync(fd, buf, n, max - n, n);
    if (got === 0) break;
    n += got;
  }
  return buf.subarray(0, n);
}
