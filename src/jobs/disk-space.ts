/**
 * A full data directory must not turn a job into "lost". The worker keeps a small reserve file in
 * the data dir while it runs; when recording the result fails for lack of space, it deletes the
 * reserve and records the failure, named ("no space left in <dir>"), with the Claude session kept
 * for resuming. Readers that find the disk full stay read-only instead of failing.
 */
import { closeSync, openSync, rmSync, statfsSync, writeSync } from "node:fs";
import { join } from "node:path";
import { removeFilesWhere } from "../lib/file-tree.ts";
import { processAlive } from "../lib/process.ts";

/** Enough for SQLite to write one finished row (and its WAL frames) on a full disk. */
const RESERVE_BYTES = 1024 * 1024;

/** SQLITE_FULL, ENOSPC or EDQUOT, also when wrapped as the cause of a friendlier error. */
export function isDiskFull(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    const code = typeof e.code === "string" ? e.code : "";
    if (code.startsWith("SQLITE_FULL") || code === "ENOSPC" || code === "EDQUOT") return true;
    if (typeof e.message === "string" && /database or disk is full|no space left on device|ENOSPC/i.test(e.message)) return true;
  }
  return false;
}

/** True when the filesystem holding `dir` has (next to) no space left for cc. */
export function looksFull(dir: string): boolean {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize < 64 * 1024;
  } catch {
    return false;
  }
}

export function diskFullMessage(dir: string): string {
  return `no space left in ${dir}: free some space there (or point CC_DATA_DIR elsewhere)`;
}

export interface SpaceReserve {
  /** Give the reserved space back to the filesystem; true when there was a reserve to free. */
  release(): boolean;
}

/** Reserves of workers that were killed before they could free theirs. */
function removeStaleReserves(dir: string): void {
  removeFilesWhere(dir, (name) => {
    const m = /^\.reserve-(\d+)$/.exec(name);
    return m !== null && Number(m[1]) !== process.pid && !processAlive(Number(m[1]));
  });
}

export function reserveSpace(dir: string, pid = process.pid): SpaceReserve {
  removeStaleReserves(dir);
  const path = join(dir, `.reserve-${pid}`);
  let held = false;
  try {
    const fd = openSync(path, "w", 0o600);
    try {
      // Real blocks, not a sparse file: the point is that they are already allocated.
      const chunk = Buffer.alloc(64 * 1024, 0x5a);
      for (let written = 0; written < RESERVE_BYTES; written += chunk.length) writeSync(fd, chunk);
      held = true;
    } finally {
      closeSync(fd);
    }
  } catch {
    rmSync(path, { force: true }); // already too full to reserve: run without one
  }
  return {
    release() {
      if (!held) return false;
      held = false;
      rmSync(path, { force: true });
      return true;
    },
  };
}
