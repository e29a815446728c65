/**
 * Internal: `cc worker <id>`, the detached process `--background` starts to run one job. Its
 * stdout/stderr are the job's log.
 */
import { defineCommand } from "citty";
import { commandMeta } from "./meta.ts";
import { parseJobReference } from "../jobs/ids.ts";
import { runQueuedJob } from "../jobs/run.ts";
import { JobStore } from "../jobs/store.ts";
import { admissionFor, finisherFor } from "../kinds.ts";
import { formatError } from "../lib/errors.ts";

/** How long a worker keeps its finished result in memory while the store refuses it (a full disk). */
const SAVE_RETRY_MS = 60_000;

const log = (line: string) => process.stdout.write(`[cc ${new Date().toISOString()}] ${line}\n`);

async function runWorker(rawId: string): Promise<number> {
  const id = parseJobReference(rawId);
  const store = new JobStore();
  const job = store.get(id);
  if (!job) {
    log(`worker ${process.pid}: no job ${id} in ${store.path}`);
    return 1;
  }
  log(`worker ${process.pid} starting ${job.kind} job ${id}`);
  let unsaved = false;
  const done = await runQueuedJob(store, id, {
    finisher: await finisherFor(job.kind),
    // Over the kind's cap (worktree rescues per workspace) the job waits here, queued, for a slot.
    admit: (await admissionFor(job)) ?? undefined,
    // Within the heartbeat's staleness limit, so reconcile does not take the job meanwhile.
    saveRetryMs: SAVE_RETRY_MS,
    // One line naming the cause (a full disk …), not a stack trace; the log may be on the same disk.
    onStoreFailure: (error, { retrying }) => {
      unsaved = !retrying;
      const cause = formatError(error).replace(/^cc: /, "").replace(/\n\s*/g, " ");
      log(`job ${id}: could not save the result: ${cause}${retrying ? ` Retrying for ${SAVE_RETRY_MS / 1000} s.` : " Giving up; the Claude session stays resumable."}`);
    },
  });
  if (!done) {
    log(`job ${id} was already ${store.get(id)?.status ?? "gone"}; nothing to do`);
    return 0;
  }
  log(`job ${id} ${done.status}${unsaved ? " (not saved)" : ""}${done.errorMessage ? `: ${done.errorMessage}` : ""}`);
  // The job is saved and nobody waits for this process: the store's daily housekeeping, bounded.
  await (await import("../housekeeping.ts")).housekeepIfDue(store, log);
  return 0;
}

export default defineCommand({
  meta: commandMeta("worker"),
  args: {
    job: { type: "positional", required: true, description: "Job id" },
  },
  async run({ args }) {
    process.exitCode = await runWorker(String(args.job));
  },
});
