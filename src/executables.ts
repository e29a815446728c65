/** Is `path` a file this user may execute? (Windows has no exec bit: any file counts.) */
import { accessSync, constants, statSync } from "node:fs";

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== "win32") accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
