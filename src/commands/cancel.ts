/** `cc cancel`: stop a queued or running job (the engine's cancelJob), and say how it went. */
import { defineCommand } from "citty";
import type { ExitCodeValue } from "../lib/exit-codes.ts";
import { ExitCode } from "../lib/exit-codes.ts";
import { ccHint } from "../lib/invocation.ts";
import { commandMeta } from "./meta.ts";

async function cancel(args: { job: string | null; json: boolean }): Promise<ExitCodeValue> {
  const [{ currentWorkspace }, { defaultJobFilter, openReconciledStore, resolveJob, soleActiveJob }, { cancelJob }] = await Promise.all([
    import("../lib/workspace.ts"),
    import("../jobs/lookup.ts"),
    import("../jobs/cancel.ts"),
  ]);
  const ws = currentWorkspace();
  const store = openReconciledStore();
  const job = args.job !== null ? resolveJob(store, args.job, ws) : soleActiveJob(store, defaultJobFilter(ws), "cancel");
  const report = await cancelJob(store, job);
  if (args.json) process.stdout.write(`${JSON.stringify({ job: report.job, cancelled: report.cancelled, note: report.note }, null, 2)}\n`);
  else if (report.cancelled) {
    // A rescue is continued the way it was started (inside Codex, `$cc:rescue --resume <id>`); other kinds by Claude itself.
    const resume =
      report.job.kind === "rescue" && report.job.claudeSession
        ? `\nTo continue it: ${ccHint("rescue", "--resume", job.id)}`
        : report.job.resumeCommand
          ? `\nTo continue its Claude session in a terminal: ${report.job.resumeCommand}`
          : "";
    process.stdout.write(`Cancelled ${job.id} (${job.kind}: ${job.summary}): ${report.note}.${resume}\n`);
  } else process.stdout.write(`Nothing to cancel: ${job.id} ${report.note}. ${ccHint("result", job.id)} shows its output.\n`);
  return ExitCode.ok;
}

export default defineCommand({
  meta: commandMeta("cancel"),
  args: {
    job: { type: "positional", required: false, description: "Job id or unique prefix (default: the only active job of this session)" },
    json: { type: "boolean", description: "Print as JSON" },
  },
  async run({ args }) {
    process.exitCode = await cancel({ job: typeof args.job === "string" && args.job !== "" ? args.job : null, json: Boolean(args.json) });
  },
});
