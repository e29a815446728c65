import { chmodSync, copyFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { makeDirs } from "./private-dir.ts";

/**
 * Atomic replacement: readers see the old or the new file, never half of it. The new content goes
 * to a temp file beside the target (ending in `.tmp`, so loaders that pick files by extension skip
 * it), then one rename puts it in place.
 */
const tempBeside = (path: string) => `${path}.${process.pid}.tmp`;

export function writeFileAtomic(path: string, data: string, mode: number): void {
  const tmp = tempBeside(path);
  writeFileSync(tmp, data, { mode });
  renameSync(tmp, path);
}

/** Copy `source` to `target` atomically and make it executable (a running copy of the old binary keeps its inode). */
export function installExecutable(source: string, target: string): void {
  makeDirs(dirname(target));
  const tmp = tempBeside(target);
  copyFileSync(source, tmp);
  chmodSync(tmp, 0o755);
  renameSync(tmp, target);
}
