/** `cc worker <id>`: the detached process that runs one background job. Its stdout/stderr are the job's log. */
import { parseJobReference } from "./ids.ts";
import { executeJob } from "./execute.ts";
import { JobStore } from "./store.ts";

const log = (line: string) => process.stdout.write(`[cc ${new Date().toISOString()}] ${line}\n`);

export async function runWorker(rawId: string): Promise<number> {
  const id = parseJobReference(rawId);
  const store = new JobStore();
  const job = store.get(id);
  if (!job) {
    log(`worker ${process.pid}: no job ${id} in ${store.path}`);
    return 1;
  }
  log(`worker ${process.pid} starting ${job.kind} job ${id}`);
  const done = await executeJob(store, id);
  if (!done) {
    log(`job ${id} was already ${store.get(id)?.status ?? "gone"}; nothing to do`);
    return 0;
  }
  log(`job ${id} ${done.status}${done.errorMessage ? `: ${done.errorMessage}` : ""}`);
  return 0;
}
