/**
 * Spawning real programs in tests. Every process gets a hard timeout, runs in its own process group
 * (so a timeout kills its children too), has stdin closed unless a test feeds it, and is reaped by
 * `reapAll()` at teardown even when a test fails half-way.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { processAlive } from "../../src/lib/process.ts";

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Hard limit; the whole process group is SIGKILLed when it passes. */
  timeoutMs: number;
  /** Text written to stdin, then stdin is closed. Without it stdin is /dev/null. */
  stdin?: string;
}

export interface RunResult {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export interface Running {
  child: ChildProcess;
  pid: number;
  /** Resolves when the process exits (never rejects). */
  result: Promise<RunResult>;
  /** Signal the whole process group. */
  killGroup(signal?: NodeJS.Signals): void;
}

const live = new Set<Running>();

export function start(argv: string[], opts: RunOptions): Running {
  const [cmd, ...args] = argv;
  if (!cmd) throw new Error("start: empty argv");
  const began = performance.now();
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: opts.env as NodeJS.ProcessEnv | undefined,
    stdio: [opts.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  const pid = child.pid;
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  if (opts.stdin !== undefined) {
    child.stdin!.on("error", () => {}); // the process may exit before reading everything
    child.stdin!.end(opts.stdin);
  }
  const killGroup = (signal: NodeJS.Signals = "SIGKILL") => {
    try {
      process.kill(-pid, signal);
    } catch {
      /* already gone */
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup("SIGKILL");
  }, opts.timeoutMs);
  const handle: Running = {
    child,
    pid,
    killGroup,
    result: new Promise((resolve) => {
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        live.delete(handle);
        resolve({ command: argv.join(" "), code, signal, stdout, stderr, timedOut, durationMs: performance.now() - began });
      });
      child.on("error", (error) => {
        clearTimeout(timer);
        live.delete(handle);
        resolve({
          command: argv.join(" "),
          code: null,
          signal: null,
          stdout,
          stderr: `${stderr}${String(error)}`,
          timedOut,
          durationMs: performance.now() - began,
        });
      });
    }),
  };
  live.add(handle);
  return handle;
}

/** Run to completion. A timeout is reported in the result (and by `expectExit`), never thrown. */
export function run(argv: string[], opts: RunOptions): Promise<RunResult> {
  return start(argv, opts).result;
}

/** A readable failure message for assertions: what ran, how it ended, and its output. */
export function describeRun(r: RunResult): string {
  const how = r.timedOut ? `TIMED OUT after ${Math.round(r.durationMs)} ms` : `exit ${r.code}${r.signal ? ` (${r.signal})` : ""}`;
  return `${r.command}\n→ ${how}\n--- stdout ---\n${r.stdout.slice(-4000)}\n--- stderr ---\n${r.stderr.slice(-4000)}`;
}

/** Kill every process group a test started and that is still alive. */
export async function reapAll(): Promise<void> {
  const pending = [...live];
  for (const p of pending) p.killGroup("SIGKILL");
  await Promise.all(pending.map((p) => p.result));
}

/** True while a pid exists (signal 0 probe). */
/**
 * cc's own liveness rule: a zombie counts as gone. (The test process can end up the subreaper of a
 * run whose worker was killed; its unreaped claude must not look alive.)
 */
export const isAlive = processAlive;

/** Poll until `check` is true or the deadline passes; returns the last value of `check`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await Bun.sleep(intervalMs);
  }
}
