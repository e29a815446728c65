/**
 * What the last release check found, kept in `<data dir>/update-check.json` so `cc version` can say
 * a newer cc exists without touching the network. Written by `cc update` and `cc update --check`.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { writeFileAtomic } from "../lib/atomic-write.ts";
import { readConfig } from "../lib/config.ts";
import { configPath, dataDir, updateCheckPath } from "../lib/paths.ts";
import { ensurePrivateDir } from "../lib/private-dir.ts";
import { compareVersions, versionSchema } from "./assets.ts";

type Env = Record<string, string | undefined>;

const checkSchema = z.object({ checkedAt: z.number(), latest: versionSchema });
export type ReleaseCheck = z.infer<typeof checkSchema>;

export const checkPath = updateCheckPath;

export function readLastCheck(env: Env = process.env): ReleaseCheck | null {
  try {
    const parsed = checkSchema.safeParse(JSON.parse(readFileSync(checkPath(env), "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // never checked, or an unreadable cache: no notice, never an error on this hot path
  }
}

export function recordCheck(latest: string, env: Env = process.env, now = Date.now()): void {
  ensurePrivateDir(dataDir(env));
  writeFileAtomic(checkPath(env), `${JSON.stringify({ checkedAt: now, latest })}\n`, 0o644);
}

/** The newer version the last check found, unless the user turned the notice off (`updateNotice: false`). */
export function newerReleaseKnown(current: string, env: Env = process.env): string | null {
  const last = readLastCheck(env);
  if (!last || compareVersions(last.latest, current) <= 0) return null;
  try {
    if (readConfig(configPath(env)).updateNotice === false) return null;
  } catch {
    /* a broken config is reported by the commands that need it */
  }
  return last.latest;
}
