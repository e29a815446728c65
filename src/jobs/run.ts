/**
 * Running one queued job in this process: claim it (queued → running), start Claude, keep the row's
 * heartbeat and progress current, honour a cancel (signal or flag in the row), apply the kind's
 * finisher, then store the outcome and the final status in one statement. Used by foreground runs
 * (src/jobs/start.ts) and by `cc worker`.
 */
import type { ClaudeEvent, ClaudeOutcome, ClaudeRun, ClaudeRunRequest } from "../claude/types.ts";
import { CcError } from "../lib/errors.ts";
import { dataDir } from "../lib/paths.ts";
import { processStartTime } from "../lib/process.ts";
import { onTermination } from "../lib/signals.ts";
import { parkedQuestion } from "./ask-back.ts";
import { Conversation } from "./conversation.ts";
import { diskFullMessage, isDiskFull, reserveSpace } from "./disk-space.ts";
import { applyFinisher, type Finisher } from "./finisher.ts";
import { limitsOrDefaults } from "./limits.ts";
import { HEARTBEAT_MS } from "./reconcile.ts";
import type { JobEnding, JobStore } from "./store.ts";
import { type EndStatus, emptyProgress, type Job, type JobProgress } from "./types.ts";
import { Watchdog, type WatchdogTrip } from "./watchdog.ts";

export interface RunJobOptions {
  /** The kind's end-of-run work (from the kind registry); none: Claude's outcome is stored as is. */
  finisher?: Finisher | undefined;
  /** Every event of the run as it happens, with the model turns so far (a command's progress line). */
  onEvent?: ((event: ClaudeEvent, turns: number) => void) | undefined;
  /** Extra environment for claude. */
  env?: Record<string, string>;
  /** Aborting it cancels the run (the stop gate's hard timeout); a string reason becomes the job's error message. */
  signal?: AbortSignal;
  /**
   * The store could not record the end of the run (a full disk, an I/O error). The job returned is
   * then the finished job as it would have been stored; Claude's session stays resumable.
   */
  onStoreFailure?: ((error: unknown, state: { retrying: boolean }) => void) | undefined;
  /** How long to keep retrying to save the end of the run before giving up (default: no retry). */
  saveRetryMs?: number | undefined;
  /** A cap on what runs at once (the kind's): the job stays queued until this accepts the running jobs. */
  admit?: ((running: Job[]) => boolean) | undefined;
}

const ADMIT_POLL_MS = 1000;

/** Claim the job, waiting (queued) for a free slot when there is a cap. False: someone else took or ended it. */
async function claim(store: JobStore, id: string, admit: RunJobOptions["admit"]): Promise<boolean> {
  const start = processStartTime(process.pid);
  if (!admit) return store.start(id, process.pid, start);
  for (;;) {
    const r = store.startIfAdmitted(id, process.pid, start, admit);
    if (r !== "full") return r === "started";
    await new Promise((resolve) => setTimeout(resolve, ADMIT_POLL_MS));
  }
}

const SAVE_RETRY_INTERVAL_MS = 2000;

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
 * Store the end of a run. When the store refuses (disk full, I/O error), keep the result in memory
 * and retry for `saveRetryMs` (a background worker: the user may free space meanwhile), then try
 * once with only the failure and its cause (a much smaller write), report the error and return the
 * job as it would have been stored, so the caller can still show the result. Never throws.
 */
async function recordEnd(
  store: JobStore,
  job: Job,
  status: EndStatus,
  ending: JobEnding,
  opts: RunJobOptions,
  reserve: { release(): void },
): Promise<Job | null> {
  const deadline = Date.now() + (opts.saveRetryMs ?? 0);
  let error: unknown;
  for (let attempt = 0; ; attempt++) {
    try {
      store.end(job.id, ["running"], status, ending);
      return store.get(job.id);
    } catch (caught) {
      error = caught;
    }
    if (Date.now() >= deadline) break;
    if (attempt === 0) opts.onStoreFailure?.(error, { retrying: true });
    await new Promise((resolve) => setTimeout(resolve, SAVE_RETRY_INTERVAL_MS));
  }
  const cause = error instanceof CcError ? [error.message, error.hint].filter(Boolean).join(" ") : String((error as Error).message ?? error);
  // The space kept back makes room for the small record: the cause, the session and how to resume it.
  reserve.release();
  const full = isDiskFull(error);
  try {
    store.end(job.id, ["running"], "failed", {
      errorClass: full ? "disk_full" : "store_failed",
      errorMessage: full
        ? `${diskFullMessage(dataDir())}; Claude's work is kept in its session.`
        : `Claude finished, but cc could not save the result: ${cause}`,
      claudeSession: ending.claudeSession ?? null,
      resumeCommand: ending.resumeCommand ?? null,
      costUsd: ending.costUsd ?? null,
      turns: ending.turns ?? null,
    });
  } catch {
    /* the store takes nothing at all: the caller reports it */
  }
  opts.onStoreFailure?.(error, { retrying: false });
  let current: Job = job;
  try {
    current = store.get(job.id) ?? job; // reads still work on a full disk: the session and resume command recorded at start
  } catch {
    /* keep what we had */
  }
  return {
    ...current,
    ...unsavedFields(ending),
    status,
    finishedAt: Date.now(),
    errorClass: ending.errorClass ?? null,
    errorMessage: ending.errorMessage ?? null,
  };
}

/** A JobEnding as the Job fields it would have been stored as (like the UPDATE's coalesce: unset keeps the row's). */
function unsavedFields(e: JobEnding): Partial<Job> {
  const fields: Partial<Job> = {};
  const set = <K extends keyof Job>(key: K, value: Job[K] | null | undefined) => {
    if (value !== null && value !== undefined) fields[key] = value;
  };
  set("resultText", e.resultText);
  set("structuredOutput", e.structuredOutput);
  set("kindOutput", e.kindOutput);
  set("summary", e.summary);
  set("costUsd", e.costUsd);
  set("inputTokens", e.inputTokens);
  set("outputTokens", e.outputTokens);
  set("turns", e.turns);
  set("model", e.model);
  set("claudeSession", e.claudeSession);
  set("resumeCommand", e.resumeCommand);
  return fields;
}

/** The reason a job records when the session it was started from ended (SIGHUP: cc's SessionEnd hook, a closed terminal). */
export const SESSION_ENDED = "Cancelled: the session it was started from ended.";
/** The same, for a job still queued when its session ended (cancelled by the SessionEnd hook itself). */
export const SESSION_ENDED_QUEUED = "Cancelled when the Codex session ended, before it started.";

/**
 * Run job `id`. Returns the job as stored at the end, or null when another process had already
 * claimed or cancelled it. Never throws for a failed run: the failure is in the row.
 */
export async function runQueuedJob(store: JobStore, id: string, opts: RunJobOptions = {}): Promise<Job | null> {
  if (!(await claim(store, id, opts.admit))) return null;
  const job = store.get(id)!;
  const { limits, foreground: _foreground, steerable, ...request } = store.request(id);
  const conversation = steerable ? new Conversation(store, id) : null;
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
      // Progress is best effort: a locked or full database must not stop the run; the next beat retries.
      dirty = true;
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
  const abortReason = () => (typeof opts.signal?.reason === "string" ? opts.signal.reason : hungUp ? SESSION_ENDED : null);
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

  // Space kept back so that the end of the run can still be recorded when the data dir fills up.
  const reserve = reserveSpace(dataDir());
  // No job may hang: a stream that goes quiet (or a run past its limit) is stopped and recorded.
  let tripped: WatchdogTrip | null = null;
  const watchdog = new Watchdog(limitsOrDefaults(limits), (trip) => {
    tripped = trip;
    void run?.cancel();
  });

  // Recording the end never throws, so a failing store is not entered twice (see recordEnd).
  const end = (status: EndStatus, ending: JobEnding) => recordEnd(store, job, status, ending, opts, reserve);

  try {
    const { startClaude } = await import("../claude/run.ts");
    const req: ClaudeRunRequest = {
      ...request,
      logPath: job.logPath,
      ...(opts.env ? { env: opts.env } : {}),
      ...(conversation ? { conversation: true } : {}),
      onEvent: (event, turns) => {
        conversation?.onEvent(event);
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
    conversation?.attach(run);
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
    conversation?.stop();
    if (dirty) flush();
    // The finisher runs for a stalled or cancelled job too: what the run did still counts (a rescue's
    // edits, listed and undoable), and its session can be resumed.
    const finished = await applyFinisher(opts.finisher, store.get(id) ?? job, outcome);
    const trip = tripped as WatchdogTrip | null;
    if (trip && !cancelling) {
      const resume = outcome.resumeCommand ? ` Continue its Claude session: ${outcome.resumeCommand}` : "";
      return end("failed", {
        ...endingFromOutcome(outcome),
        kindOutput: finished.kindOutput,
        errorClass: trip.errorClass,
        errorMessage: `${trip.message}.${resume}`,
      });
    }
    if (cancelling || outcome.errorClass === "cancelled") {
      return end("cancelled", {
        ...endingFromOutcome(outcome),
        kindOutput: finished.kindOutput,
        errorClass: "cancelled",
        errorMessage: abortReason() ?? "Cancelled by the user.",
      });
    }
    const ending: JobEnding = { ...endingFromOutcome(outcome), kindOutput: finished.kindOutput, ...(finished.summary ? { summary: finished.summary } : {}) };
    if (outcome.ok && finished.failure) return end("failed", { ...ending, errorClass: finished.failure.errorClass, errorMessage: finished.failure.message });
    if (!outcome.ok && finished.recovered) return end("completed", { ...ending, errorClass: null, errorMessage: null });
    // Claude ended on a question only the user can answer: parked until an answer continues it.
    if (outcome.ok && parkedQuestion(outcome.text) !== null) return end("needs-input", ending);
    return end(outcome.ok ? "completed" : "failed", ending);
  } catch (error) {
    const message =
      error instanceof CcError
        ? [error.message, error.hint].filter(Boolean).join(" ")
        : `cc failed while running the job: ${(error as Error).message ?? String(error)}`;
    if (run) await run.cancel().catch(() => {});
    if (cancelling) return end("cancelled", { errorClass: "cancelled", errorMessage: abortReason() ?? "Cancelled by the user." });
    return end("failed", { errorClass: error instanceof CcError ? "setup" : "crashed", errorMessage: message });
  } finally {
    conversation?.stop();
    reserve.release();
    watchdog.stop();
    clearInterval(beat);
    stopListening();
    opts.signal?.removeEventListener("abort", onAbort);
  }
}
