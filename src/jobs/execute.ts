/**
 * Running one job in this process: claim it (queued → running), start Claude, keep the row's
 * heartbeat and progress current, honour a cancel (signal or flag in the row), then store the outcome
 * and the final status in one statement. Used by the foreground commands and by `cc worker`.
 */
import type { ClaudeEvent, ClaudeOutcome, ClaudeRun, ClaudeRunRequest } from "../claude/types.ts";
import { CcError } from "../lib/errors.ts";
import { finishJob } from "./finishers.ts";
import { processStartTime } from "../lib/process.ts";
import { HEARTBEAT_MS } from "./reconcile.ts";
import type { JobFinal, JobStore } from "./store.ts";
import { emptyProgress, type Job, type JobProgress } from "./types.ts";

export interface ExecuteOptions {
  /** Live status line on stderr (foreground on a terminal). */
  progress?: boolean;
  /** Extra environment for claude. */
  env?: Record<string, string>;
  /** Aborting it cancels the run (the stop gate's hard timeout); a string reason becomes the job's error message. */
  signal?: AbortSignal;
}

const PROGRESS_WRITE_MS = 500;
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 200);

function applyEvent(progress: JobProgress, event: ClaudeEvent): boolean {
  switch (event.type) {
    case "tool_start":
      progress.currentTool = event.tool.description;
      progress.toolCalls++;
      progress.turns++;
      return true;
    case "tool_finish":
      progress.currentTool = null;
      return true;
    case "text": {
      const line = oneLine(event.text);
      if (!line) return false;
      progress.lastText = line;
      progress.turns++;
      return true;
    }
    case "retry":
      progress.retries++;
      return true;
    default:
      return false;
  }
}

function finalFromOutcome(outcome: ClaudeOutcome): JobFinal {
  return {
    resultText: outcome.text,
    structured: outcome.hasStructured ? outcome.structured : undefined,
    costUsd: outcome.costUsd,
    inputTokens: outcome.inputTokens,
    outputTokens: outcome.outputTokens,
    turns: outcome.turns,
    model: outcome.model,
    claudeSession: outcome.sessionId,
    resumeCommand: outcome.resumeCommand,
    errorClass: outcome.ok ? null : outcome.errorClass,
    errorMessage: outcome.ok ? null : outcome.message,
  };
}

/**
 * Run job `id`. Returns the job as stored at the end, or null when another process had already
 * claimed or cancelled it. Never throws for a failed run: the failure is in the row.
 */
export async function executeJob(store: JobStore, id: string, opts: ExecuteOptions = {}): Promise<Job | null> {
  if (!store.start(id, process.pid, processStartTime(process.pid))) return null;
  const job = store.get(id)!;
  const request = store.request(id);
  const progress = emptyProgress();
  let run: ClaudeRun | null = null;
  let cancelling = false;
  let lastWrite = 0;
  let dirty = false;
  let seen: { claudeSession?: string; model?: string } = {};

  const flush = () => {
    dirty = false;
    lastWrite = Date.now();
    store.progress(id, progress, seen);
  };
  const cancel = () => {
    if (cancelling) return;
    cancelling = true;
    store.requestCancel(id);
    void run?.cancel();
  };
  // SIGHUP: the session the job was started from ended (a closed terminal; cc's SessionEnd hook under the cancel policy).
  let hungUp = false;
  const onSignal = (signal?: unknown) => {
    if (signal === "SIGHUP") hungUp = true;
    cancel();
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const s of signals) process.on(s, onSignal);
  const abortReason = () => (typeof opts.signal?.reason === "string" ? opts.signal.reason : hungUp ? "Cancelled: the session it was started from ended." : null);
  const onAbort = () => cancel();
  opts.signal?.addEventListener("abort", onAbort);
  // The heartbeat also notices a cancel recorded in the row (platforms or callers without signals).
  const beat = setInterval(() => {
    try {
      if (dirty) flush();
      else store.heartbeat(id);
      const now = store.get(id);
      if (now && (now.status !== "running" || now.cancelRequestedAt !== null)) cancel();
    } catch {
      /* a locked database must not kill the run; the next beat retries */
    }
  }, HEARTBEAT_MS);

  const finish = (status: "completed" | "failed" | "cancelled", final: JobFinal) => {
    store.finish(id, ["running"], status, final);
    return store.get(id);
  };

  try {
    const { startClaude } = await import("../claude/run.ts");
    const req: ClaudeRunRequest = {
      ...request,
      progress: opts.progress ?? false,
      logPath: job.logPath,
      ...(opts.env ? { env: opts.env } : {}),
      onEvent: (event) => {
        if (event.type === "init") seen = { claudeSession: event.sessionId, model: event.model };
        const changed = applyEvent(progress, event) || event.type === "init";
        if (!changed) return;
        dirty = true;
        // Tool boundaries are what a user watches for; text is throttled.
        if (event.type !== "text" || Date.now() - lastWrite > PROGRESS_WRITE_MS) flush();
      },
    };
    run = await startClaude(req);
    const { resumeCommand } = await import("../claude/session.ts");
    const recorded = store.recordClaude(id, {
      claudePid: run.pid,
      claudeStart: processStartTime(run.pid),
      runMarker: run.runMarker,
      claudeSession: run.sessionId,
      resumeCommand: resumeCommand(request.cwd, run.sessionId),
    });
    // Cancelled while claude was starting (signal, or the row was cancelled or reconciled meanwhile).
    if (cancelling) void run.cancel();
    else if (!recorded) cancel();
    const outcome = await run.outcome;
    if (dirty) flush();
    if (cancelling || outcome.errorClass === "cancelled") {
      return finish("cancelled", { ...finalFromOutcome(outcome), errorClass: "cancelled", errorMessage: abortReason() ?? "Cancelled by the user." });
    }
    const extra = await finishJob(store.get(id) ?? job, outcome);
    const final: JobFinal = { ...finalFromOutcome(outcome), extra: extra.extra, ...(extra.summary ? { summary: extra.summary } : {}) };
    if (outcome.ok && extra.failure) return finish("failed", { ...final, errorClass: extra.failure.errorClass, errorMessage: extra.failure.message });
    if (!outcome.ok && extra.recovered) return finish("completed", { ...final, errorClass: null, errorMessage: null });
    return finish(outcome.ok ? "completed" : "failed", final);
  } catch (error) {
    const message = error instanceof CcError ? [error.message, error.hint].filter(Boolean).join(" ") : `cc failed while running the job: ${(error as Error).message ?? String(error)}`;
    if (run) await run.cancel().catch(() => {});
    if (cancelling) return finish("cancelled", { errorClass: "cancelled", errorMessage: abortReason() ?? "Cancelled by the user." });
    return finish("failed", { errorClass: error instanceof CcError ? "setup" : "crashed", errorMessage: message });
  } finally {
    clearInterval(beat);
    for (const s of signals) process.off(s, onSignal);
    opts.signal?.removeEventListener("abort", onAbort);
  }
}
