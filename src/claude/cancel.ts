/**
 * Ending a Claude run, from any process (the job worker that started it, or `cc cancel`).
 * SIGINT first: claude aborts cleanly and takes its tool processes down. Then SIGTERM, then SIGKILL.
 * Claude's Bash tools run in their own sessions, so killing claude's group can orphan them: the last
 * step ends every process that carries the run's marker (CC_RUN_MARKER) in its environment.
 */
import { readdirSync, readFileSync } from "node:fs";
import { processAlive, processGroupId, signalGroup, signalProcess } from "../lib/process.ts";
import { RUN_MARKER_ENV } from "./types.ts";

const CANCEL_TERM_AFTER_MS = 2000;
const CANCEL_KILL_AFTER_MS = 3000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await sleep(50);
  }
  return !processAlive(pid);
}

interface MarkedProcess {
  pid: number;
  pgid: number | null;
}

/** Processes whose environment holds `CC_RUN_MARKER=<marker>` (this process excluded). */
export function findMarkedProcesses(marker: string): MarkedProcess[] {
  const needle = `${RUN_MARKER_ENV}=${marker}`;
  const found: MarkedProcess[] = [];
  if (process.platform === "linux") {
    let entries: string[];
    try {
      entries = readdirSync("/proc");
    } catch {
      return found;
    }
    for (const entry of entries) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      if (pid === process.pid) continue;
      let environ: string;
      try {
        environ = readFileSync(`/proc/${pid}/environ`, "latin1");
      } catch {
        continue; // exited meanwhile, or not ours to read
      }
      if (environ.split("\0").includes(needle)) found.push({ pid, pgid: processGroupId(pid) });
    }
    return found;
  }
  if (process.platform === "win32") return found;
  // macOS and other Unixes: best effort, `ps eww` appends each process's environment to its command.
  const ps = Bun.spawnSync(["ps", "-ax", "-ww", "-E", "-o", "pid=,pgid=,command="], { stdout: "pipe", stderr: "ignore" });
  if (ps.exitCode !== 0) return found;
  for (const line of ps.stdout.toString().split("\n")) {
    if (!line.includes(needle)) continue;
    const m = /^\s*(\d+)\s+(\d+)\s/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid) found.push({ pid, pgid: Number(m[2]) });
  }
  return found;
}

/** Does `pid` belong to the run (its environment carries the marker)? Guards against pid reuse. */
function carriesMarker(pid: number, marker: string): boolean {
  if (process.platform === "linux") {
    try {
      return readFileSync(`/proc/${pid}/environ`, "latin1").split("\0").includes(`${RUN_MARKER_ENV}=${marker}`);
    } catch {
      return false;
    }
  }
  return findMarkedProcesses(marker).some((p) => p.pid === pid);
}

/** End every leftover process of the run: its process group if the group is the run's, else itself. */
async function sweepMarked(marker: string): Promise<number> {
  let total = 0;
  for (let round = 0; round < 5; round++) {
    const marked = findMarkedProcesses(marker);
    if (marked.length === 0) return total;
    total += marked.length;
    const pids = new Set(marked.map((p) => p.pid));
    const sig: NodeJS.Signals = round === 0 ? "SIGTERM" : "SIGKILL";
    for (const p of marked) {
      if (p.pgid !== null && pids.has(p.pgid)) signalGroup(p.pgid, sig);
      signalProcess(p.pid, sig);
    }
    await sleep(round === 0 ? 300 : 100);
  }
  return total;
}

/**
 * Cancel the run whose claude has `pid` and whose processes carry `runMarker`. Usable from a process
 * other than the one that started claude. Resolves when claude and every marked process are gone.
 * claude is signalled only while it still carries the marker, so a reused pid is never hit.
 */
export async function cancelClaudeProcess(pid: number, runMarker: string, opts: { termAfterMs?: number; killAfterMs?: number } = {}): Promise<void> {
  const ours = processAlive(pid) && carriesMarker(pid, runMarker);
  if (ours) {
    signalGroup(pid, "SIGINT");
    if (!(await waitGone(pid, opts.termAfterMs ?? CANCEL_TERM_AFTER_MS))) {
      signalGroup(pid, "SIGTERM");
      if (!(await waitGone(pid, opts.killAfterMs ?? CANCEL_KILL_AFTER_MS))) {
        signalGroup(pid, "SIGKILL");
        await waitGone(pid, 1000);
      }
    }
  }
  await sweepMarked(runMarker);
}
