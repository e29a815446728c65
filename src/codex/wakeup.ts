/**
 * Waking the idle Codex thread a background job was started from, when the job ends or asks a
 * question: `codex queue --thread <root thread> --message <pointer>` starts a new turn in that
 * thread (at once with the TUI's app-server daemon, within 10 s otherwise; after the running turn
 * if one runs; when the thread is next opened if nobody holds it). The detached worker runs outside
 * Codex's sandbox, where `codex queue` works. The message is a pointer (the job and the command that
 * shows it), never the result. Never for `codex exec` (its queued turn is aborted at exit) or a job
 * started outside Codex; off with `"jobWakeup": false` in config.json. Best effort: when the queue
 * fails (an older Codex without `codex queue`, no Codex on PATH) the hooks' unread notice remains.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import type { Job } from "../jobs/types.ts";
import { codexErrorText, runCodex } from "./codex-cli.ts";
import { findCodex } from "./locate.ts";

type Env = Record<string, string | undefined>;

const QUEUE_TIMEOUT_MS = 20_000;

/** How much of the end of a rollout is read to find its last turn's start and end. */
const TAIL_BYTES = 256 * 1024;

/**
 * Is the thread in a turn now? Its rollout (the session's transcript) records `task_started` and
 * `task_complete` (or `turn_aborted`) events; a job that ends during a turn is told by the Stop
 * notice at that turn's end, so waking the thread would say it twice. Unknown (no rollout): idle.
 */
export function threadBusy(transcriptPath: string | null): boolean {
  if (!transcriptPath) return false;
  let fd: number | null = null;
  try {
    fd = openSync(transcriptPath, "r");
    const st = fstatSync(fd);
    if (!st.isFile()) return false;
    const length = Math.min(TAIL_BYTES, st.size);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, st.size - length);
    const tail = buffer.toString("utf8");
    const started = tail.lastIndexOf('"type":"task_started"');
    const ended = Math.max(tail.lastIndexOf('"type":"task_complete"'), tail.lastIndexOf('"type":"turn_aborted"'));
    return started > ended;
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export interface WakeFacts {
  /** How the job's Codex session was started (src/hooks/origin.ts): only "interactive" is woken. */
  origin: "exec" | "interactive" | "unknown";
  /** The thread is in a turn: its Stop notice will name the job. */
  busy: boolean;
  /** `jobWakeup` in config.json (default on). */
  enabled: boolean;
  /** A parked job's question. */
  question: string | null;
}

/** Why a job's thread is not woken; null when it is. */
function noWakeReason(job: Job, facts: WakeFacts): string | null {
  if (!facts.enabled) return "jobWakeup is off in config.json";
  if (!job.codexSession) return "the job was not started from Codex";
  if (facts.origin === "exec") return "its Codex session is a `codex exec` run";
  if (facts.origin !== "interactive") return "its Codex session is not known to be interactive";
  if (job.status === "cancelled") return "it was cancelled";
  if (job.readAt !== null) return "its result was already shown";
  if (facts.busy) return "its Codex thread is in a turn, whose end notice names the job";
  return null;
}

/** The woken turn's user message: what ended, and the one command that shows it (or answers it). */
function wakeMessage(job: Job, question: string | null): string {
  if (question)
    return `cc: background job ${job.id} (${job.kind}) asks: ${question} — tell the user in one sentence; they answer with $cc:steer ${job.id} <answer>.`;
  const how = job.status === "completed" ? "finished" : job.status;
  return `cc: background job ${job.id} (${job.kind}) ${how}: ${job.summary.slice(0, 100)} — tell the user in one sentence and do not open it yourself; $cc:result ${job.id} shows it.`;
}

/** Queue the message in the job's thread; returns what happened, for the worker's log. */
export async function wakeThread(job: Job, facts: WakeFacts, env: Env = process.env): Promise<{ woken: boolean; note: string }> {
  const skip = noWakeReason(job, facts);
  if (skip) return { woken: false, note: `not waking its Codex thread: ${skip}` };
  let bin: string;
  try {
    bin = findCodex(undefined, env).path;
  } catch (error) {
    return { woken: false, note: `not waking its Codex thread: ${(error as Error).message}` };
  }
  const began = Date.now();
  const r = await runCodex({ bin, env }, ["queue", "--thread", job.codexSession!, "--message", wakeMessage(job, facts.question)], QUEUE_TIMEOUT_MS);
  if (r.code !== 0) return { woken: false, note: `codex queue failed (${codexErrorText(r)}); the unread notice remains` };
  return { woken: true, note: `woke Codex thread ${job.codexSession} in ${Date.now() - began} ms` };
}
