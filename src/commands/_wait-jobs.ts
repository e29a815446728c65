/** Waiting for several jobs (`cc wait`, `cc status --wait <job> <job> …`): one line per outcome as it arrives; exit 0 only when all completed. */
import type { Job } from "../jobs/types.ts";
import { parseDuration } from "../lib/duration.ts";
import { UsageError } from "../lib/errors.ts";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";
import { ccHint } from "../lib/invocation.ts";

const POLL_MS = 250;

function outcomeLine(job: Job): string {
  const why = job.status === "completed" ? "" : `: ${(job.errorMessage ?? "").split("\n")[0]!.slice(0, 200)}`;
  return `${job.id} ${job.status}${why} (${ccHint("result", job.id)})\n`;
}

export async function waitForJobs(args: { jobs: string[]; timeout: string | null; json: boolean }): Promise<ExitCodeValue> {
  if (args.jobs.length === 0) throw new UsageError("name the jobs to wait for", `For example ${ccHint("wait", "rescue-k7m2qp", "rescue-p3x9ab")}.`);
  const [{ currentWorkspace }, { openReconciledStore, resolveJob }, { reconcile }, { isActive }] = await Promise.all([
    import("../lib/workspace.ts"),
    import("../jobs/lookup.ts"),
    import("../jobs/reconcile.ts"),
    import("../jobs/types.ts"),
  ]);
  const ws = currentWorkspace();
  const store = openReconciledStore();
  const pending = new Map([...new Set(args.jobs.map((ref) => resolveJob(store, ref, ws).id))].map((id) => [id, true]));
  const timeoutMs = args.timeout === null ? 0 : parseDuration(args.timeout, "--timeout");
  const deadline = timeoutMs === 0 ? Infinity : Date.now() + timeoutMs;
  const ended: Job[] = [];
  for (;;) {
    for (const id of pending.keys()) {
      const job = store.get(id);
      if (job && isActive(job.status)) continue;
      pending.delete(id);
      if (!job) continue;
      ended.push(job);
      if (!args.json) process.stdout.write(outcomeLine(job));
    }
    if (pending.size === 0 || Date.now() >= deadline) break;
    await Bun.sleep(POLL_MS);
    reconcile(store);
  }
  const allCompleted = pending.size === 0 && ended.every((j) => j.status === "completed");
  if (args.json)
    process.stdout.write(
      `${JSON.stringify({ jobs: ended.map((j) => ({ job: j.id, status: j.status, error: j.errorMessage })), pending: [...pending.keys()] }, null, 2)}\n`,
    );
  else if (pending.size) process.stderr.write(`cc: still running after ${args.timeout}: ${[...pending.keys()].join(", ")}\n`);
  if (pending.size) return ExitCode.timeout;
  return allCompleted ? ExitCode.ok : ExitCode.failure;
}
