/**
 * Internal: `cc worker <id>`, the detached process `--background` starts to run one job. Its
 * stdout/stderr are the job's log.
 */
import { defineCommand } from "citty";
import { commandMeta } from "./meta.ts";
import { parseJobReference } from "../jobs/ids.ts";
import { runQueuedJob } from "../jobs/run.ts";
import { JobStore } from "../jobs/store.ts";
import { finisherFor } from "../kinds.ts";

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
  const done = await runQueuedJob(store, id, { finisher: await finisherFor(job.kind) });
  if (!done) {
    log(`job ${id} was already ${store.get(id)?.status ?? "gone"}; nothing to do`);
    return 0;
  }
  log(`job ${id} ${done.status}${done.errorMessage ? `: ${done.errorMessage}` : ""}`);
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
