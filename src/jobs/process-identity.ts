/**
 * Is the process that owns a job still the same process? A pid alone is not enough: after a crash
 * the pid can be reused by anything. The pair (pid, start time) identifies a process.
 */
import { readFileSync } from "node:fs";

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

function linuxStat(pid: number): { state: string; start: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields 3 (state) and 22 (starttime, clock ticks since boot); the name (field 2) may hold spaces and parens.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] && fields[19] ? { state: fields[0], start: fields[19] } : null;
  } catch {
    return null;
  }
}

/** True while `pid` exists and has not exited (a zombie waiting to be reaped counts as gone). */
export function pidAlive(pid: number): boolean {
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
  if (!pidAlive(pid)) return "gone";
  if (recordedStart === null) return "alive";
  const now = processStartTime(pid);
  if (now === null) return pidAlive(pid) ? "alive" : "gone";
  return now === recordedStart ? "alive" : "replaced";
}
