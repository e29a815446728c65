/** A job's log file: the worker's and claude's raw output, appended while the job runs. */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

/** The complete lines in the last `maxBytes` of a log ([] when there is none yet). */
export function readLogTail(path: string, maxBytes = 65536): string[] {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    const lines = buf.toString("utf8").split("\n");
    if (size > length) lines.shift(); // partial first line
    return lines;
  } finally {
    closeSync(fd);
  }
}
