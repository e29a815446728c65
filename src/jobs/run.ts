/**
 * Running one queued job in this process: claim it (queued → running), start Claude, keep the row's
 * heartbeat and progress current, honour a cancel (signal or flag in the row), apply the kind's
 * finisher, then store the outcome and the final status in one statement. Used by foreground runs
 * (src/jobs/start.ts) and by `cc worker`.
 */
import type { ClaudeEvent, ClaudeOutcome, ClaudeRun, ClaudeRunRequest } from "../claude/types.ts";
import { CcError } from "../lib/errors.ts";
import { processStartTime } from "../lib/process.ts";
import { onTermination } from "../lib/signals.ts";
import { applyFinisher, type Finisher } from "./finisher.ts";
import { limitsOrDefaults } from "./limits.ts";
import { HEARTBEAT_MS } from "./reconcile.ts";
import { dataDir } from "../lib/paths.ts";
import { diskFullMessage, isDiskFull, reserveSpace } from "./disk-space.ts";
import type { JobEnding, JobStore } from "./store.ts";
import { Watchdog, type WatchdogTrip } from "./watchdog.ts";
import { emptyProgress, type FinishedStatus, type Job, type JobProgress } from "./types.ts";

export interface RunJobOptions {
  /** The kind's end-of-run work (from the kind registry); none: Claude's outcome is stored as is. */
  finisher?: Finisher | undefined;
  /** Every event of the run as it happens, with the model turns so far (a command's progress line). */
  onEvent?: ((event: ClaudeEvent, turns: number) => void) | undefined;
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

function endingFromOutcome(outcome: ClaudeOutcome): JobEnding {
  return {
    resultText: outcome.text,
    structuredOutput: outcome.hasStructured ? outcome.structured : undefined,
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
export async function runQueuedJob(store: JobStore, id: string, opts: RunJobOptions = {}): Promise<Job | null> {
  if (!store.start(id, process.pid, processStartTime(process.pid))) return null;
  const job = store.get(id)!;
  const { limits, ...request } = store.request(id);
  const progress = emptyProgress();
  let run: ClaudeRun | null = null;
  let cancelling = false;
  let lastWrite = 0;
  let dirty = false;
  let seen: { claudeSession?: string; model?: string } = {};

  const flush = () => {
    dirty = false;
    lastWrite = Date.now();
    try {
      store.progress(id, progress, seen);
    } catch {
      dirty = true; // a full disk or a locked database: the next flush retries; the run goes on
    }
  };
  const cancel = () => {
    if (cancelling) return;
    cancelling = true;
    store.requestCancel(id);
    void run?.cancel();
  };
  // SIGHUP: the session the job was started from ended (a closed terminal; cc's SessionEnd hook under the cancel policy).
  let hungUp = false;
  const stopListening = onTermination((signal) => {
    if (signal === "SIGHUP") hungUp = true;
    cancel();
  });
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

  // Space kept back so that the result can still be recorded when the data dir fills up.
  const reserve = reserveSpace(dataDir());
  // No job may hang: a stream that goes quiet (or a run past its limit) is stopped and recorded.
  let tripped: WatchdogTrip | null = null;
  const watchdog = new Watchdog(limitsOrDefaults(limits), (trip) => {
    tripped = trip;
    void run?.cancel();
  });

  const end = (status: FinishedStatus, ending: JobEnding) => {
    try {
      store.end(id, ["running"], status, ending);
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      reserve.release();
      // Only the small facts: the cause, the session and how to resume it.
      const { claudeSession, resumeCommand, costUsd, turns, model } = ending;
      store.end(id, ["running"], "failed", { claudeSession, resumeCommand, costUsd, turns, model, errorClass: "disk_full", errorMessage: `${diskFullMessage(dataDir())}; Claude's work is kept in its session.` });
    }
    return store.get(id);
  };

  try {
    const { startClaude } = await import("../claude/run.ts");
    const req: ClaudeRunRequest = {
      ...request,
      logPath: job.logPath,
      ...(opts.env ? { env: opts.env } : {}),
      onEvent: (event, turns) => {
        opts.onEvent?.(event, turns);
        const now = Date.now();
        progress.lastEventAt = now;
        if (event.type === "init") seen = { claudeSession: event.sessionId, model: event.model };
        const changed = applyEvent(progress, event) || event.type === "init";
        watchdog.activity(progress.currentTool !== null, now);
        dirty = true; // lastEventAt at least: the heartbeat writes it
        if (!changed) return;
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
    if (cancelling || watchdog.trip) void run.cancel();
    else if (!recorded) cancel();
    const outcome = await run.outcome;
    if (dirty) flush();
    // The finisher runs for a stalled or cancelled job too: what the run did still counts (a rescue's
    // edits, listed and undoable), and its session can be resumed.
    const finished = await applyFinisher(opts.finisher, store.get(id) ?? job, outcome);
    const trip = tripped as WatchdogTrip | null;
    if (trip && !cancelling) {
      const resume = outcome.resumeCommand ? ` Continue its Claude session: ${outcome.resumeCommand}` : "";
      return end("failed", { ...endingFromOutcome(outcome), kindOutput: finished.kindOutput, errorClass: trip.errorClass, errorMessage: `${trip.message}.${resume}` });
    }
    if (cancelling || outcome.errorClass === "cancelled") {
      return end("cancelled", { ...endingFromOutcome(outcome), kindOutput: finished.kindOutput, errorClass: "cancelled", errorMessage: abortReason() ?? "Cancelled by the user." });
    }
    const ending: JobEnding = { ...endingFromOutcome(outcome), kindOutput: finished.kindOutput, ...(finished.summary ? { summary: finished.summary } : {}) };
    if (outcome.ok && finished.failure) return end("failed", { ...ending, errorClass: finished.failure.errorClass, errorMessage: finished.failure.message });
    if (!outcome.ok && finished.recovered) return end("completed", { ...ending, errorClass: null, errorMessage: null });
    return end(outcome.ok ? "completed" : "failed", ending);
  } catch (error) {
    const message = error instanceof CcError ? [error.message, error.hint].filter(Boolean).join(" ") : `cc failed while running the job: ${(error as Error).message ?? String(error)}`;
    if (run) await run.cancel().catch(() => {});
    if (cancelling) return end("cancelled", { errorClass: "cancelled", errorMessage: abortReason() ?? "Cancelled by the user." });
    return end("failed", { errorClass: error instanceof CcError ? "setup" : "crashed", errorMessage: message });
  } finally {
    reserve.release();
    watchdog.stop();
    clearInterval(beat);
    stopListening();
    opts.signal?.removeEventListener("abort", onAbort);
  }
}
