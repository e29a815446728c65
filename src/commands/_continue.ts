/** Continuing a finished job's Claude session with a message: shared by `cc steer` and the worker. */

import type { JobStore } from "../jobs/store.ts";
import type { Job } from "../jobs/types.ts";
import { CcError } from "../lib/errors.ts";
import { ccHint } from "../lib/invocation.ts";

/**
 * Continue a finished job's Claude session with `text`, as a background rescue (read-only for a
 * review's session). Returns the new job. Used by `cc steer` and by the worker for messages that
 * arrived after its run had ended. The caller records the message as moved to the new job.
 */
export async function continueJob(store: JobStore, job: Job, text: string): Promise<Job> {
  if (!job.claudeSession)
    throw new CcError(`job ${job.id} never started Claude, so there is no session to continue; start a new one with ${ccHint("rescue", "<task>")}`);
  const { rescue } = await import("./_rescue.ts");
  // Claude resumes a session only from the directory it ran in; the new job belongs to the same Codex session.
  process.chdir(job.cwd);
  if (job.codexSession) process.env.CODEX_SESSION_ID = job.codexSession;
  // The rescue prints its launch as JSON (`{"job": …}`); the steer says it in its own words.
  let printed = "";
  const out = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    await rescue({
      words: [text],
      resume: true,
      resumeWord: job.kind === "rescue" ? { ref: job.id, wordIndex: null, explicit: true } : { ref: job.claudeSession, wordIndex: null, explicit: true },
      background: true,
      readOnly: job.kind !== "rescue" || job.profile !== "write",
      json: true,
    });
  } finally {
    process.stdout.write = out;
  }
  const id = (JSON.parse(printed) as { job?: string }).job;
  const started = id ? store.get(id) : null;
  if (!started) throw new CcError(`could not continue job ${job.id}`);
  // An answered question is no longer waiting: the parked job is done, its answer went on in the new one.
  if (job.status === "needs-input") store.end(job.id, ["needs-input"], "completed", { errorClass: null, errorMessage: null });
  return started;
}
