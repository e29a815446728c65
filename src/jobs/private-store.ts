/**
 * Whether the store on disk is the user's own and private, as cc made it (data dir 0700, database
 * 0600), asked with Bun's file calls: then the quick roads (a hook, plain `cc status`) may open the
 * existing store without the full checks, and without node:fs (5 MiB on every prompt). Anything
 * else takes the full road (src/jobs/db-file.ts), which repairs or refuses it by name. Its own
 * module, light, so that a quick road can start the check before it loads the rest of its code.
 */
import { parentDir } from "../lib/path-text.ts";

export async function isPrivateStore(path: string): Promise<boolean> {
  const uid = process.getuid?.();
  if (uid === undefined) return false; // Windows: the full road
  try {
    const [file, dir] = await Promise.all([Bun.file(path).stat(), Bun.file(parentDir(path)).stat()]);
    return file.isFile() && dir.isDirectory() && file.uid === uid && dir.uid === uid && (file.mode & 0o077) === 0 && (dir.mode & 0o077) === 0;
  } catch {
    return false; // missing: the full road creates it
  }
}
