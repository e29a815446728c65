/**
 * How a tool call runs cc: this same binary as a child process, `cc <command> … --json`, in the
 * call's workspace and with the call's Codex session. The child is the CLI itself (same checks,
 * profiles, sandbox, recursion refusal, JSON), and whatever goes wrong inside it ends the child,
 * never the server. Output is bounded; a cancelled call ends its child.
 */
import { selfCommand } from "../lib/self.ts";

export interface CcRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CcRunOptions {
  cwd: string;
  env: Record<string, string>;
  /** Ends the child (SIGTERM) when aborted. */
  signal?: AbortSignal;
  timeoutMs: number;
}

/** A review's JSON is a few KiB; a rescue's text a few hundred. Anything past this is cut. */
const MAX_STDOUT = 8 * 1024 * 1024;
const MAX_STDERR = 64 * 1024;

async function readBounded(stream: ReadableStream<Uint8Array>, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    if (size < limit) chunks.push(chunk.subarray(0, limit - size));
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Every child still running: ended when the server goes (a client that only closes stdin). */
const running = new Set<{ kill: (signal?: number | NodeJS.Signals) => void }>();

export function killRunningChildren(): void {
  for (const child of running) child.kill("SIGTERM");
}

export async function runCc(args: string[], opts: CcRunOptions): Promise<CcRun> {
  const child = Bun.spawn([...selfCommand(), ...args], { cwd: opts.cwd, env: opts.env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  running.add(child);
  const stop = () => child.kill("SIGTERM");
  opts.signal?.addEventListener("abort", stop, { once: true });
  const timer = setTimeout(stop, opts.timeoutMs);
  try {
    const [stdout, stderr, code] = await Promise.all([readBounded(child.stdout, MAX_STDOUT), readBounded(child.stderr, MAX_STDERR), child.exited]);
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", stop);
    running.delete(child);
  }
}

/** cc's error output (`cc: message` and an indented hint) as one line. */
export function oneLine(stderr: string, fallback: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("cc: warning:"));
  const text = lines.join(" ").replace(/^cc: /, "");
  return (text || fallback).slice(0, 1000);
}
