/**
 * Starts work through the job engine's public API, as `cc review` / `cc rescue` do, in a real process:
 *   bun test/support/job-launcher.ts <fg|bg> <kind> <prompt> [profile]
 * Prints the job (JSON) on stdout: queued for bg, finished for fg.
 */
import { launchJob, runJob } from "../../src/jobs/start.ts";
import { JOB_KINDS, type JobKind } from "../../src/jobs/types.ts";
import { finisherFor } from "../../src/kinds.ts";
import { currentWorkspace } from "../../src/lib/workspace.ts";

const [mode, kind, prompt, profile = "read-only"] = process.argv.slice(2);
if ((mode !== "fg" && mode !== "bg") || !JOB_KINDS.includes(kind as JobKind) || !prompt) {
  console.error("usage: job-launcher.ts <fg|bg> <kind> <prompt> [profile]");
  process.exit(2);
}
const spec = {
  kind: kind as JobKind,
  summary: prompt,
  request: { prompt, cwd: process.cwd(), profile: profile as "read-only" | "write" },
  workspace: currentWorkspace(),
  kindInput: { launchedBy: "job-launcher" },
};
const job = mode === "bg" ? await launchJob(spec) : await runJob(spec, { finisher: await finisherFor(spec.kind) });
process.stdout.write(`${JSON.stringify(job)}\n`);
