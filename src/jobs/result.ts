/** `cc result`: the full output of a finished job (the newest of this session by default); marks it read. */
import { CcError } from "../lib/errors.ts";
import type { ExitCodeValue } from "../lib/exit-codes.ts";
import { currentWorkspace } from "../lib/workspace.ts";
import { defaultScope, openReconciledStore, resolveJob } from "./lookup.ts";
import { isActive } from "./types.ts";
import { jobExitCode } from "./work.ts";

export async function resultCommand(args: { job: string | null; json: boolean }): Promise<ExitCodeValue> {
  const ws = currentWorkspace();
  const store = openReconciledStore();
  let job = args.job !== null ? resolveJob(store, args.job, ws) : store.latestFinished(defaultScope(ws));
  if (!job) {
    throw new CcError(ws.codexSession ? "no finished job in this Codex session yet" : `no finished job in ${ws.root} yet`, {
      hint: "`cc status` shows what is running; `cc status --all` every job of this workspace.",
    });
  }
  if (isActive(job.status)) {
    throw new CcError(`job ${job.id} is still ${job.status}; it has no result yet`, { hint: `\`cc status ${job.id} --wait\` waits for it; \`cc status ${job.id}\` shows its progress.` });
  }
  store.markRead(job.id);
  job = store.get(job.id) ?? job;
  if (args.json) process.stdout.write(`${JSON.stringify({ job }, null, 2)}\n`);
  else {
    const { renderJobResult } = await import("../render/results.ts");
    process.stdout.write(await renderJobResult(job));
  }
  return jobExitCode(job);
}
