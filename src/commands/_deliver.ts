/**
 * The common end of every command that starts a job (review, adversarial review, rescue): hand the
 * spec to the job engine, in the background or the foreground, and print what comes back — the
 * launch text, or the finished job as its kind renders it (text or JSON) — with the exit code.
 */
import type { JobSpec } from "../jobs/start.ts";
import type { Job } from "../jobs/types.ts";
import { formatError, UsageError } from "../lib/errors.ts";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";
import { hintStyle } from "../lib/invocation.ts";
import { ProgressLine } from "./_progress.ts";

export interface DeliverOptions {
  background: boolean;
  json: boolean;
  /** Live status line on stderr for a foreground run. */
  progress: boolean;
  /** The finished job in another form than the kind's text or JSON (a review's SARIF…). */
  present?: ((job: Job) => Promise<string>) | undefined;
  /** The exit code from the finished job, when the command has its own rule (`--fail-on`). */
  exitCode?: ((job: Job, code: ExitCodeValue) => ExitCodeValue) | undefined;
}

/** `--background` and `--wait` of a job command: refused together, checked before any work starts. */
export function assertOneRunMode(flags: { background?: boolean | undefined; wait?: boolean | undefined }): void {
  if (flags.background && flags.wait) throw new UsageError("--background and --wait contradict each other", "Pass one of them (the default is --wait).");
}

/** The exit code of a command that ran (or shows) this job. */
export function jobExitCode(job: Job): ExitCodeValue {
  if (job.status === "completed") return ExitCode.ok;
  if (job.status === "cancelled") return ExitCode.cancelled;
  if (job.status === "failed") return job.errorClass === "setup" ? ExitCode.failure : ExitCode.claudeFailed;
  return ExitCode.ok;
}

export async function deliverJob(spec: JobSpec, opts: DeliverOptions): Promise<ExitCodeValue> {
  const start = await import("../jobs/start.ts");
  if (opts.background) {
    const job = await start.launchJob(spec);
    if (opts.json) process.stdout.write(`${JSON.stringify({ job: job.id, status: job.status, kind: job.kind })}\n`);
    else {
      process.stdout.write((await import("../render/status.ts")).renderLaunched(job, hintStyle()));
      const note = job.kind === "rescue" ? (await import("../render/rescue-worktree.ts")).worktreeLaunchNote(job, hintStyle()) : null;
      if (note) process.stdout.write(note);
    }
    return ExitCode.ok;
  }
  const { finisherFor, presentResult } = await import("../kinds.ts");
  const progress = opts.progress ? new ProgressLine(process.stderr) : null;
  let job: Job;
  let unsaved: unknown = null;
  try {
    job = await start.runJob(
      { ...spec, request: { ...spec.request, foreground: true } },
      {
        finisher: await finisherFor(spec.kind),
        onEvent: progress ? (event, turns) => progress.update(event, turns) : undefined,
        onStoreFailure: (error) => (unsaved = error),
      },
    );
  } finally {
    progress?.stop();
  }
  // The result first: whatever happens to the bookkeeping after, the user has what Claude did.
  process.stdout.write(opts.present ? await opts.present(job) : await presentResult(job, opts.json, hintStyle()));
  const code = opts.exitCode ? opts.exitCode(job, jobExitCode(job)) : jobExitCode(job);
  if (unsaved !== null) {
    process.stderr.write(`${notSaved(unsaved, job)}\n`);
    return code;
  }
  try {
    // The user is looking at this result right now: it is read.
    const { JobStore } = await import("../jobs/store.ts");
    new JobStore().markRead(job.id);
  } catch (error) {
    process.stderr.write(`${notSaved(error, job)}\n`);
  }
  return code;
}

/** One warning after a printed result that the store could not take. */
function notSaved(error: unknown, job: Job): string {
  const resume = job.resumeCommand ? ` The Claude session can be resumed: ${job.resumeCommand}` : "";
  return `${formatError(error).replace(/^cc: /, `cc: job ${job.id} was shown above but not saved: `)}${resume}`;
}
