/**
 * Reconcile before every read: a job that claims to be queued or running but whose worker is gone,
 * was replaced by another process under the same pid, or stopped heartbeating, is recorded as failed
 * (or cancelled, when the user had asked for that), with the reason and the command that resumes its
 * Claude session. Without this a dead worker shows `running` forever.
 */
import { statfsSync } from "node:fs";
import { dirname } from "node:path";
import { resumeCommand } from "../claude/session.ts";
import { dataDir } from "../lib/paths.ts";
import { liveness, processAlive, processStartTime, signalGroup, signalProcess } from "../lib/process.ts";
import { diskFullMessage, isDiskFull, looksFull } from "./disk-space.ts";
import { expireParked } from "./parked.ts";
import type { JobStore } from "./store.ts";
import type { Job } from "./types.ts";

/** The worker writes a heartbeat this often. */
export const HEARTBEAT_MS = 5_000;
/** A running job with no heartbeat for this long has a wedged worker (generous: laptops sleep). */
export const STALE_HEARTBEAT_MS = 120_000;
/** A queued job nobody picked up for this long was never going to start. */
const QUEUED_WITHOUT_WORKER_MS = 60_000;

/** The likeliest cause of a result that was never recorded: the data dir's file system is full. */
function diskFullNote(logPath: string): string {
  try {
    const fs = statfsSync(dirname(logPath));
    return fs.bavail === 0 ? ` (the disk holding ${dirname(dirname(logPath))} is full: free some space, then resume the session)` : "";
  } catch {
    return "";
  }
}

function diagnose(job: Job, now: number): string | null {
  if (job.status === "queued") {
    if (job.workerPid !== null && !processAlive(job.workerPid)) {
      return `its worker (pid ${job.workerPid}) exited before starting the job; see ${job.logPath}`;
    }
    if (job.workerPid === null && now - job.createdAt > QUEUED_WITHOUT_WORKER_MS) {
      return "no worker was started for it (the command that queued it was interrupted)";
    }
    return null;
  }
  if (job.status !== "running") return null;
  if (job.workerPid !== null) {
    const state = liveness(job.workerPid, job.workerStart);
    if (state === "gone") return `its worker (pid ${job.workerPid}) ended without recording a result${diskFullNote(job.logPath)}`;
    if (state === "replaced") return `its worker (pid ${job.workerPid}) is gone (that pid now belongs to another process)`;
  }
  const last = job.heartbeatAt ?? job.startedAt ?? job.createdAt;
  if (now - last > STALE_HEARTBEAT_MS) {
    return `its worker (pid ${job.workerPid ?? "unknown"}) stopped reporting ${Math.round((now - last) / 1000)} s ago`;
  }
  return null;
}

/** Stop what a lost worker left behind: the worker itself if wedged, and its claude process group. */
function stopLeftovers(job: Job): void {
  if (job.workerPid !== null && liveness(job.workerPid, job.workerStart) === "alive") signalProcess(job.workerPid, "SIGTERM");
  // claude leads its own process group.
  if (job.claudePid !== null && job.claudeStart !== null && processStartTime(job.claudePid) === job.claudeStart) signalGroup(job.claudePid, "SIGTERM");
}

const STOPPED_IN_FOREGROUND =
  "Cancelled by the user: the command running it in the foreground was stopped before Claude finished (Esc and /stop in Codex, Ctrl-C, or a closed terminal).";

/**
 * A foreground run whose process is gone without a word was stopped by whoever ran it: Codex ends
 * a command's process group on /stop so that no handler of cc's runs (seen with Codex 0.171), and it
 * leaves no record. That is the person's cancel, not a failure to report and nudge about.
 */
function stoppedInForeground(store: JobStore, job: Job): boolean {
  if (job.status !== "running" || job.workerPid === null || liveness(job.workerPid, job.workerStart) === "alive") return false;
  try {
    return store.request(job.id).foreground === true;
  } catch {
    return false; // an unreadable request: reported as lost, as before
  }
}

/** Reconcile every active job in the store, and end parked jobs whose wait is over. Returns the ids whose status changed. */
export function reconcile(store: JobStore, now = Date.now()): string[] {
  const changed: string[] = expireParked(store, now);
  for (const job of store.active()) {
    const reason = diagnose(job, now);
    if (reason === null) continue;
    const resume = job.claudeSession ? resumeCommand(job.cwd, job.claudeSession) : null;
    const stopped = stoppedInForeground(store, job);
    const cancelled = job.cancelRequestedAt !== null || stopped;
    // A worker that died on a full data dir is named as such; and a full disk leaves readers read-only.
    const full = looksFull(dataDir()) ? ` (${diskFullMessage(dataDir())})` : "";
    let ok: boolean;
    try {
      ok = store.end(job.id, [job.status], cancelled ? "cancelled" : "failed", {
        errorClass: cancelled ? "cancelled" : full ? "disk_full" : "worker_lost",
        errorMessage: stopped ? STOPPED_IN_FOREGROUND : cancelled ? `Cancelled; ${reason}.` : `The job was lost: ${reason}${full}.`,
        resumeCommand: resume,
      });
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      continue;
    }
    if (ok) {
      stopLeftovers(job);
      changed.push(job.id);
    }
  }
  return changed;
}
