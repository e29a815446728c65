/**
 * The common end of every work command (review, adversarial review, rescue): hand the spec to the
 * job engine, in the background or the foreground, and print what comes back — the launch text, or
 * the finished job rendered by its kind (or as the kind's JSON) — with the matching exit code.
 */
import { UsageError } from "../lib/errors.ts";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";
import type { Job } from "./types.ts";
import type { WorkSpec } from "./work.ts";

export interface DeliverOptions {
  background: boolean;
  json: boolean;
  /** Live status line on stderr for a foreground run. */
  progress: boolean;
  /** The kind's `--json` shape of a finished job. */
  toJson: (job: Job) => unknown;
}

/** `--background` and `--wait` of a work command: refused together, checked before any work starts. */
export function assertOneRunMode(flags: { background?: boolean | undefined; wait?: boolean | undefined }): void {
  if (flags.background && flags.wait) throw new UsageError("--background and --wait contradict each other", "Pass one of them (the default is --wait).");
}

export async function deliverWork(spec: WorkSpec, opts: DeliverOptions): Promise<ExitCodeValue> {
  const work = await import("./work.ts");
  if (opts.background) {
    const job = await work.launchBackground(spec);
    if (opts.json) process.stdout.write(`${JSON.stringify({ job: job.id, status: job.status, kind: job.kind })}\n`);
    else process.stdout.write((await import("../render/jobs.ts")).renderLaunched(job));
    return ExitCode.ok;
  }
  const job = await work.runForeground(spec, { progress: opts.progress });
  // The user is looking at this result right now: it is read.
  const { JobStore } = await import("./store.ts");
  new JobStore().markRead(job.id);
  if (opts.json) process.stdout.write(`${JSON.stringify(opts.toJson(job), null, 2)}\n`);
  else process.stdout.write(await (await import("../render/results.ts")).renderJobResult(job));
  return work.jobExitCode(job);
}
