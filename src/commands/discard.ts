/** `cc discard <job>`: remove a worktree rescue's checkout and cc's refs for it; your tree is not touched. */
import { defineCommand } from "citty";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";
import { commandMeta } from "./meta.ts";

async function discard(args: { job: string; json: boolean }): Promise<ExitCodeValue> {
  const [{ currentWorkspace }, { openReconciledStore }, { findWorktreeJob }, { removeWorktree }, { setWorktreeState }] = await Promise.all([
    import("../lib/workspace.ts"),
    import("../jobs/lookup.ts"),
    import("../rescue/worktree-job.ts"),
    import("../rescue/worktree.ts"),
    import("../rescue/worktree-state.ts"),
  ]);
  const store = openReconciledStore();
  const { job, state, target } = await findWorktreeJob(store, args.job, currentWorkspace(), "discard");
  removeWorktree(job.id, target.worktree);
  // An applied job keeps its undo: only the checkout goes.
  setWorktreeState(store, job.id, state.state === "applied" ? state : { state: "discarded" });
  if (args.json) process.stdout.write(`${JSON.stringify({ job: job.id, discarded: true, applied: state.state === "applied" }, null, 2)}\n`);
  else
    process.stdout.write(
      `Discarded rescue ${job.id}'s worktree (${target.worktree.path})${state.state === "applied" ? "; what you applied from it stays in your tree" : "; your tree was not touched"}.\n`,
    );
  return ExitCode.ok;
}

export default defineCommand({
  meta: commandMeta("discard"),
  args: {
    job: { type: "positional", required: true, description: "The worktree rescue's job id (or a unique prefix)" },
    json: { type: "boolean", description: "Print as JSON" },
  },
  async run({ args }) {
    process.exitCode = await discard({ job: String(args.job), json: Boolean(args.json) });
  },
});
