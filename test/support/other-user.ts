/**
 * A second local user for permission tests (another user's config, data dir or repository). Created
 * once with `useradd` when the tests run as root; elsewhere `otherUser()` returns null and the
 * test says why it is skipped. Its home does not exist, so "HOME unset" falls back to nothing usable.
 */
import { existsSync } from "node:fs";

export const OTHER_USER = "cc-test-other";

export interface OtherUser {
  name: string;
  uid: number;
  gid: number;
}

let cached: OtherUser | null | undefined;

function idOf(flag: "-u" | "-g"): number | null {
  const r = Bun.spawnSync(["id", flag, OTHER_USER], { stdout: "pipe", stderr: "ignore" });
  return r.exitCode === 0 ? Number(r.stdout.toString().trim()) : null;
}

export function otherUser(): OtherUser | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (process.getuid?.() !== 0 || !existsSync("/usr/sbin/useradd")) return null;
  if (idOf("-u") === null) {
    Bun.spawnSync(["useradd", "--no-create-home", "--home-dir", `/nonexistent/${OTHER_USER}`, "--shell", "/bin/sh", OTHER_USER], {
      stdout: "ignore",
      stderr: "ignore",
    });
  }
  const uid = idOf("-u");
  const gid = idOf("-g");
  if (uid !== null && gid !== null) cached = { name: OTHER_USER, uid, gid };
  return cached;
}

export const SKIP_NOT_ROOT = "skipped: needs root to create a second Unix user (useradd)";
