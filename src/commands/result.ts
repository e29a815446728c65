/** `cc result`: the full output of a finished job (the newest of this session by default); marks it read. */
import { defineCommand } from "citty";
import { defaultJobFilter, openReconciledStore, resolveJob } from "../jobs/lookup.ts";
import { isActive } from "../jobs/types.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import type { ExitCodeValue } from "../lib/exit-codes.ts";
import { ccHint, hintStyle } from "../lib/invocation.ts";
import { currentWorkspace } from "../lib/workspace.ts";
import { jobExitCode } from "./_deliver.ts";
import { commandMeta } from "./meta.ts";

async function result(args: { job: string | null; json: boolean; format: string | undefined; failOn: string | undefined }): Promise<ExitCodeValue> {
  const { parseFormat, parseFailOn, failOnExitCode } = await import("../review/output-format.ts");
  const format = parseFormat(args.format, args.json);
  const failOn = parseFailOn(args.failOn);
  const ws = currentWorkspace();
  const store = openReconciledStore();
  let job = args.job !== null ? resolveJob(store, args.job, ws) : store.latestFinished(defaultJobFilter(ws));
  let note = "";
  if (!job && ws.codexSession) {
    // After a Codex restart the session is new: show what an earlier one left unread.
    const [{ unreadElsewhere }, { withDatabaseErrors }, { earlierSessionNote }] = await Promise.all([
      import("../jobs/unread.ts"),
      import("../jobs/db.ts"),
      import("../render/status.ts"),
    ]);
    const { newestId } = withDatabaseErrors(store.path, () => unreadElsewhere(store.db, ws.root, ws.codexSession!));
    job = newestId ? store.get(newestId) : null;
    if (job) note = earlierSessionNote(job);
  }
  if (!job) {
    throw new CcError(ws.codexSession ? "no finished job in this Codex session yet" : `no finished job in ${ws.root} yet`, {
      hint: `${ccHint("status")} shows what is running; ${ccHint("status", "--all")} every job of this workspace.`,
    });
  }
  if (isActive(job.status)) {
    throw new CcError(`job ${job.id} is still ${job.status}; it has no result yet`, {
      hint: `${ccHint("status", job.id, "--wait")} waits for it; ${ccHint("status", job.id)} shows its progress.`,
    });
  }
  const review = job.kind === "review" || job.kind === "adversarial-review";
  if (!review && (format === "markdown" || format === "sarif" || format === "github" || failOn !== null)) {
    throw new UsageError(`job ${job.id} is a ${job.kind}: --format ${format} and --fail-on are for reviews`, "Drop them, or name a review job.");
  }
  store.markRead(job.id);
  job = store.get(job.id) ?? job;
  if (note) (format === "text" ? process.stdout : process.stderr).write(note);
  if (format === "markdown" || format === "sarif" || format === "github") {
    const [{ renderReviewAs }, { buildInfo }] = await Promise.all([import("../render/review-format.ts"), import("../lib/build-info.ts")]);
    process.stdout.write(renderReviewAs(format, job, buildInfo().version));
    return failOnExitCode(job, jobExitCode(job), failOn);
  }
  const json = format === "json";
  const [{ presentResult }, { MessageStore }, { parkedQuestion }, conversation] = await Promise.all([
    import("../kinds.ts"),
    import("../jobs/messages.ts"),
    import("../jobs/ask-back.ts"),
    import("../render/conversation.ts"),
  ]);
  const messages = new MessageStore(store).of(job.id);
  const question = job.status === "needs-input" ? parkedQuestion(job.resultText) : null;
  const shown = await presentResult(job, json, hintStyle());
  if (json) {
    const value = JSON.parse(shown) as Record<string, unknown>;
    // Only a job that was talked to (or asks) carries them: the same object as the command that ran it otherwise.
    const talk = conversation.conversationJson(messages, false);
    const extra = { ...(question ? { question } : {}), ...(talk.length ? { conversation: talk } : {}) };
    process.stdout.write(
      Object.keys(extra).length
        ? `${JSON.stringify({ ...value, ...extra }, null, 2)}
`
        : shown,
    );
  } else process.stdout.write(shown + conversation.conversationResult(job, messages, question, hintStyle()));
  return failOnExitCode(job, jobExitCode(job), failOn);
}

export default defineCommand({
  meta: commandMeta("result"),
  args: {
    job: { type: "positional", required: false, description: "Job id or unique prefix" },
    json: { type: "boolean", description: "Print as JSON" },
    format: { type: "string", description: "For a review: text, json, markdown, sarif or github (as with cc review --format)" },
    "fail-on": { type: "string", description: "For a review: exit 6 when a finding at or above this severity exists" },
  },
  async run({ args }) {
    process.exitCode = await result({
      job: typeof args.job === "string" && args.job !== "" ? args.job : null,
      json: Boolean(args.json),
      format: args.format,
      failOn: args["fail-on"],
    });
  },
});
