/**
 * Internal: `cc worker <id>`, the detached process `--background` starts to run one job. Its
 * stdout/stderr are the job's log.
 */
import { defineCommand } from "citty";
import { parseJobReference } from "../jobs/ids.ts";
import { runQueuedJob } from "../jobs/run.ts";
import { JobStore } from "../jobs/store.ts";
import type { Job } from "../jobs/types.ts";
import { admissionFor, finisherFor } from "../kinds.ts";
import { formatError } from "../lib/errors.ts";
import { commandMeta } from "./meta.ts";

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
      log(
        `job ${id}: could not save the result: ${cause}${retrying ? ` Retrying for ${SAVE_RETRY_MS / 1000} s.` : " Giving up; the Claude session stays resumable."}`,
      );
    },
  });
  if (!done) {
    log(`job ${id} was already ${store.get(id)?.status ?? "gone"}; nothing to do`);
    return 0;
  }
  log(`job ${id} ${done.status}${unsaved ? " (not saved)" : ""}${done.errorMessage ? `: ${done.errorMessage}` : ""}`);
  await settleMessages(store, done);
  await wakeCodex(store, store.get(id) ?? done);
  // The job is saved and nobody waits for this process: the store's daily housekeeping, bounded.
  await (await import("../housekeeping.ts")).housekeepIfDue(store, log);
  return 0;
}

/** Wake the idle Codex thread the job came from (src/codex/wakeup.ts); the woken turn is its notice. */
async function wakeCodex(store: JobStore, job: Job): Promise<void> {
  try {
    const [{ readConfig }, { SessionStore }, { readRolloutSource, sessionOrigin }, { parkedQuestion }, { threadBusy, wakeThread }, notices] = await Promise.all(
      [
        import("../lib/config.ts"),
        import("../jobs/sessions.ts"),
        import("../hooks/origin.ts"),
        import("../jobs/ask-back.ts"),
        import("../codex/wakeup.ts"),
        import("../jobs/notices.ts"),
      ],
    );
    const session = job.codexSession ? new SessionStore(store).get(job.codexSession) : null;
    const origin = sessionOrigin(readRolloutSource(session?.transcriptPath ?? null) ?? session?.origin ?? null);
    const question = job.status === "needs-input" ? parkedQuestion(job.resultText) : null;
    const busy = threadBusy(session?.transcriptPath ?? null);
    const { woken, note } = await wakeThread(job, { origin, busy, enabled: readConfig().jobWakeup !== false, question });
    log(`job ${job.id}: ${note}`);
    // The woken turn tells the model and shows the user its line: the hooks do not say it again.
    if (woken) for (const column of ["announced_at", "noticed_at"] as const) notices.markNoticed(store, [job.id], column);
  } catch (error) {
    log(`job ${job.id}: Codex thread not woken: ${formatError(error).replace(/^cc: /, "").replace(/\n\s*/g, " ")}`);
  }
}

/**
 * Messages recorded for the job that its claude never took (they came as the run was ending): a run
 * that ended well is continued with them in a new job of the same Claude session; otherwise they are
 * marked undelivered, and `cc status`/`cc result` show them.
 */
async function settleMessages(store: JobStore, job: Job): Promise<void> {
  const { MessageStore } = await import("../jobs/messages.ts");
  const messages = new MessageStore(store);
  try {
    const stranded = messages.stranded(job.id);
    if (stranded.length === 0) return;
    if (job.status === "completed" || job.status === "needs-input") {
      const { continueJob } = await import("./_continue.ts");
      const next = await continueJob(store, job, stranded.map((m) => m.text).join("\n\n"));
      messages.moveUndelivered(job.id, next.id);
      log(`job ${job.id}: ${stranded.length} message(s) came after its last turn; continued as ${next.id}`);
      return;
    }
    messages.markUndelivered(job.id);
    log(`job ${job.id}: ${stranded.length} message(s) were not delivered`);
  } catch (error) {
    log(`job ${job.id}: messages not settled: ${formatError(error).replace(/^cc: /, "").replace(/\n\s*/g, " ")}`);
    try {
      messages.markUndelivered(job.id);
    } catch {
      /* shown as undelivered anyway: the job has ended and they were never taken */
    }
  }
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
