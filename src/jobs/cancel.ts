/**
 * `cc cancel` runs in a different process from the job. It records the request in the row, signals
 * the job's process (worker or foreground command), which cancels its Claude run and records
 * `cancelled`; if that process is gone or does not answer, it cancels claude directly (signals, then
 * a sweep of every process carrying the run's marker) and records `cancelled` itself.
 */
import { liveness, signalProcess } from "../lib/process.ts";
import type { JobStore } from "./store.ts";
import { isActive, type Job } from "./types.ts";

/** How long the job's own process gets to cancel its run (claude needs up to ~5 s to be ended). */
const WORKER_GRACE_MS = 9_000;
const POLL_MS = 100;

export interface CancelReport {
  job: Job;
  /** False when the job had already ended. */
  cancelled: boolean;
  /** How it went, for the user: how it was cancelled, or why not ("had already completed"). */
  note: string;
}

async function waitFinished(store: JobStore, id: string, ms: number): Promise<Job | null> {
  const deadline = Date.now() + ms;
  for (;;) {
    const job = store.get(id);
    if (!job || !isActive(job.status)) return job;
    if (Date.now() > deadline) return null;
    await Bun.sleep(POLL_MS);
  }
}

const CANCELLED = { errorClass: "cancelled", errorMessage: "Cancelled by the user." };

export async function cancelJob(store: JobStore, job: Job): Promise<CancelReport> {
  if (!isActive(job.status)) return { job, cancelled: false, note: job.status === "completed" ? "had already completed" : `had already ended (${job.status})` };
  store.requestCancel(job.id);

  if (job.status === "queued" && store.end(job.id, ["queued"], "cancelled", { ...CANCELLED, errorMessage: "Cancelled by the user before it started." })) {
    return { job: store.get(job.id)!, cancelled: true, note: "it had not started yet" };
  }

  let current = store.get(job.id)!;
  let note = "its worker stopped Claude";
  if (
    isActive(current.status) &&
    current.workerPid !== null &&
    current.workerPid !== process.pid &&
    liveness(current.workerPid, current.workerStart) === "alive"
  ) {
    signalProcess(current.workerPid, "SIGTERM");
    const done = await waitFinished(store, job.id, WORKER_GRACE_MS);
    if (done)
      return {
        job: done,
        cancelled: done.status === "cancelled",
        note: done.status === "cancelled" ? note : `${done.status === "completed" ? "completed" : `ended (${done.status})`} before the cancel took effect`,
      };
    note = "its worker did not answer, so cc stopped Claude directly";
  } else {
    note = "its worker was gone, so cc stopped Claude directly";
  }

  current = store.get(job.id)!;
  if (current.claudePid !== null && current.runMarker !== null) {
    const { cancelClaudeProcess } = await import("../claude/cancel.ts");
    await cancelClaudeProcess(current.claudePid, current.runMarker);
  }
  if (current.workerPid !== null && current.workerPid !== process.pid && liveness(current.workerPid, current.workerStart) === "alive") {
    signalProcess(current.workerPid, "SIGKILL"); // wedged: it ignored SIGTERM for the whole grace period
  }
  const mine = store.end(job.id, ["queued", "running"], "cancelled", CANCELLED);
  const final = store.get(job.id)!;
  return {
    job: final,
    cancelled: final.status === "cancelled",
    note: mine ? note : `${final.status === "completed" ? "completed" : `ended (${final.status})`} meanwhile`,
  };
}
