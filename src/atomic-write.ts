import { renameSync, writeFileSync } from "node:fs";

/**
 * Write `path` so that readers see the old or the new content, never half of it: a temp file beside
 * it (ending in `.tmp`, so loaders that pick files by extension skip it), then a rename.
 */
export function writeFileAtomic(path: string, data: string, mode: number): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode });
  renameSync(tmp, path);
}
