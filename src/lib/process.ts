/**
 * Process identity and liveness, in one place. A pid alone is not enough: after a crash the pid can
 * be reused by anything. The pair (pid, start time) identifies a process.
 */
import { readFileSync } from "node:fs";

interface LinuxStat {
  state: string;
  pgid: number;
  start: string;
}

/** /proc/<pid>/stat fields 3 (state), 5 (pgrp) and 22 (starttime); the name (field 2) may hold spaces and parens. */
function linuxStat(pid: number): LinuxStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (!fields[0] || !fields[19]) return null;
    return { state: fields[0], pgid: Number(fields[2]), start: fields[19] };
  } catch {
    return null;
  }
}

/** The start time of `pid` as an opaque string, or null when it cannot be known (gone, or no /proc). */
export function processStartTime(pid: number): string | null {
  if (process.platform === "linux") return linuxStat(pid)?.start ?? null;
  if (process.platform === "darwin" || process.platform === "freebsd") {
    const r = Bun.spawnSync(["ps", "-o", "lstart=", "-p", String(pid)], { stdout: "pipe", stderr: "ignore" });
    const out = r.stdout.toString().trim();
    return r.exitCode === 0 && out ? out : null;
  }
  return null;
}

/** The process group of `pid` on Linux, or null (gone, or not Linux). */
export function processGroupId(pid: number): number | null {
  const pgid = linuxStat(pid)?.pgid;
  return pgid !== undefined && Number.isInteger(pgid) && pgid > 0 ? pgid : null;
}

/** True while `pid` exists and has not exited (a zombie waiting to be reaped counts as gone). */
export function processAlive(pid: number): boolean {
  if (process.platform === "linux") {
    const stat = linuxStat(pid);
    if (stat) return stat.state !== "Z" && stat.state !== "X";
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export type Liveness = "alive" | "gone" | "replaced";

/** `replaced`: the pid is alive but belongs to another process than the one recorded. */
export function liveness(pid: number, recordedStart: string | null): Liveness {
  if (!processAlive(pid)) return "gone";
  if (recordedStart === null) return "alive";
  const now = processStartTime(pid);
  if (now === null) return processAlive(pid) ? "alive" : "gone";
  return now === recordedStart ? "alive" : "replaced";
}

/** Signal one process; a pid that is gone (or never ours) is not an error. Never pid 0, 1 or below. */
export function signalProcess(pid: number, sig: NodeJS.Signals): void {
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    process.kill(pid, sig);
  } catch {
    // Gone already, or never ours.
  }
}

/**
 * Signal the process group `pgid` leads (processes cc spawned detached lead one), falling back to
 * the process alone. `kill(-1)` would signal every process of the user, `kill(0)` our own group:
 * a pgid of 1 or less is refused outright.
 */
export function signalGroup(pgid: number, sig: NodeJS.Signals): void {
  if (!Number.isInteger(pgid) || pgid <= 1) return;
  try {
    process.kill(-pgid, sig);
  } catch {
    signalProcess(pgid, sig);
  }
}
