/**
 * `cc steer <job> <message…>`: talk to a job. A queued or running job gets the message through the
 * job store (its own process delivers it to Claude between steps); a job that finished, or one that
 * waits for an answer (`needs-input`), is continued as a new background job in the same Claude
 * session, and cc says so. A failed, cancelled or unknown job is a one-line error.
 */
import { defineCommand } from "citty";
import type { Job } from "../jobs/types.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";
import { ccHint } from "../lib/invocation.ts";
import { commandMeta } from "./meta.ts";

const print = (text: string): void => void process.stdout.write(text);

function refuse(job: Job): never {
  const how = job.status === "cancelled" ? "was cancelled" : `failed (${job.errorClass ?? "error"})`;
  const resume = job.claudeSession
    ? `; to continue its Claude session: ${ccHint("rescue", "--resume", job.kind === "rescue" ? job.id : job.claudeSession, "<message>")}`
    : "";
  throw new CcError(`job ${job.id} ${how}: steer only reaches a running, waiting or completed job${resume}`);
}

async function steer(args: { job: string; words: string[]; json: boolean; interrupt: boolean }): Promise<ExitCodeValue> {
  const text = args.words.join(" ").trim();
  const { MAX_MESSAGE_CHARS, MessageStore } = await import("../jobs/messages.ts");
  if (!text) throw new UsageError("no message given", `Write it after the job: ${ccHint("steer", args.job, "'also update the docs'")}.`);
  if (text.length > MAX_MESSAGE_CHARS)
    throw new UsageError(
      `the message is ${text.length} characters; at most ${MAX_MESSAGE_CHARS} are sent`,
      "Shorten it, or put the details in a file and name the file.",
    );
  const [{ currentWorkspace }, { openReconciledStore, resolveJob }] = await Promise.all([import("../lib/workspace.ts"), import("../jobs/lookup.ts")]);
  const store = openReconciledStore();
  let job: Job;
  try {
    job = resolveJob(store, args.job, currentWorkspace());
  } catch (error) {
    // One line: the job list is one command away.
    if (error instanceof CcError) throw new CcError(`${error.message}; ${ccHint("status", "--all")} lists the jobs`, { exitCode: error.exitCode });
    throw error;
  }
  if (job.status === "queued" || job.status === "running") {
    if (!store.request(job.id).steerable)
      throw new CcError(
        `job ${job.id} (${job.kind}) does not take messages (it was started without them, e.g. by an older cc or the stop gate); cancel it and continue with ${ccHint("rescue", "--resume")}`,
      );
    const message = new MessageStore(store).record(job.id, text, { interrupt: args.interrupt });
    if (message) {
      if (args.json) print(`${JSON.stringify({ job: job.id, status: job.status, delivered: "pending", message: message.id })}\n`);
      else if (args.interrupt)
        print(`Sent to ${job.id} (${job.status}): Claude stops the step it is on and reads it now; ${ccHint("status", job.id)} shows the reply.\n`);
      else print(`Sent to ${job.id} (${job.status}). Claude reads it once its current step ends; ${ccHint("status", job.id)} shows the reply.\n`);
      return ExitCode.ok;
    }
    job = store.get(job.id) ?? job; // it ended meanwhile: continue it below
  }
  if (job.status === "failed" || job.status === "cancelled") refuse(job);
  if (job.status !== "completed" && job.status !== "needs-input") throw new CcError(`job ${job.id} is ${job.status}; try again in a moment`);
  const { continueJob } = await import("./_continue.ts");
  const next = await continueJob(store, job, text);
  new MessageStore(store).recordMoved(job.id, text, next.id);
  const why = job.status === "needs-input" ? "was waiting for this answer" : "had already finished";
  if (args.json) print(`${JSON.stringify({ job: job.id, status: job.status, continuedAs: next.id, claudeSession: job.claudeSession })}\n`);
  else
    print(
      `${job.id} ${why}: continuing its Claude session as ${next.id} in the background. ${ccHint("status", next.id)} shows it; ${ccHint("result", next.id)} has the reply.\n`,
    );
  return ExitCode.ok;
}

export default defineCommand({
  meta: commandMeta("steer"),
  args: {
    job: { type: "positional", required: false, description: "Job id or unique prefix" },
    message: { type: "positional", required: false, description: "The message for Claude (the rest of the words)" },
    interrupt: { type: "boolean", description: "Stop the step Claude is on (an answer it is writing, a running tool) and take the message now" },
    json: { type: "boolean", description: "Print as JSON" },
  },
  async run({ args }) {
    const job = typeof args.job === "string" ? args.job.trim() : "";
    if (!job) throw new UsageError("name the job to send the message to", `${ccHint("steer", "<job>", "<message>")}; ${ccHint("status")} lists the jobs.`);
    const words = args._.map(String).slice(1);
    process.exitCode = await steer({ job, words, json: Boolean(args.json), interrupt: Boolean(args.interrupt) });
  },
});
