/** `cc apply <job>`: bring a worktree rescue's changes into this tree (three-way), or `--check` first. */
import { defineCommand } from "citty";
import { CcError } from "../lib/errors.ts";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";
import { ccHint } from "../lib/invocation.ts";
import type { ApplyPlan } from "../rescue/apply.ts";
import { commandMeta } from "./meta.ts";

interface ApplyArgs {
  job: string;
  check: boolean;
  markers: boolean;
  json: boolean;
}

const indent = (lines: string[]) => lines.map((l) => `  ${l}`).join("\n");

function conflictText(jobId: string, plan: ApplyPlan): string {
  return `${plan.conflicts.length} file${plan.conflicts.length === 1 ? "" : "s"} changed by both you and rescue ${jobId}:\n${indent(plan.conflicts)}\n`;
}

async function apply(args: ApplyArgs): Promise<ExitCodeValue> {
  const [{ currentWorkspace }, { openReconciledStore }, { findWorktreeJob }, applyModule, { setWorktreeState }] = await Promise.all([
    import("../lib/workspace.ts"),
    import("../jobs/lookup.ts"),
    import("../rescue/worktree-job.ts"),
    import("../rescue/apply.ts"),
    import("../rescue/worktree-state.ts"),
  ]);
  const ws = currentWorkspace();
  const store = openReconciledStore();
  const { job, state, target } = await findWorktreeJob(store, args.job, ws, "apply");
  if (state.state === "applied") {
    throw new CcError(`rescue ${job.id} is already applied`, {
      hint: `${ccHint("rescue", "--undo", job.id)} takes it back out; ${ccHint("discard", job.id)} removes its worktree.`,
    });
  }
  if (target.worktree.userRoot !== ws.root) {
    throw new CcError(`rescue ${job.id} belongs to ${target.worktree.userRoot}, not ${ws.root}`, {
      hint: `Run it from there: ${ccHint("apply", "--cwd", target.worktree.userRoot, job.id)}.`,
    });
  }
  const out = (text: string) => process.stdout.write(text);
  // git's own failures (a checkout deleted by hand, a damaged repository) are the user's to fix: one line, no stack.
  const attempt = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof CcError) throw error;
      throw new CcError(`cannot apply rescue ${job.id}: ${(error as Error).message}`, {
        hint: `Nothing was changed. ${ccHint("discard", job.id)} drops the job's worktree.`,
      });
    }
  };
  if (args.check) {
    const plan = attempt(() => applyModule.checkApply(target, ws.cwd));
    if (args.json) out(`${JSON.stringify({ job: job.id, check: true, conflicts: plan.conflicts, files: plan.files, stat: plan.stat }, null, 2)}\n`);
    else if (plan.conflicts.length)
      out(
        `Applying rescue ${job.id} would conflict; nothing was changed.\n${conflictText(job.id, plan)}${plan.stat ? `\nWith conflict markers (${ccHint("apply", "--conflict-markers", job.id)}) it would change:\n${plan.stat}\n` : ""}`,
      );
    else if (plan.files === 0) out(`Rescue ${job.id} would change nothing in your tree.\n`);
    else out(`Applying rescue ${job.id} would change:\n${plan.stat}\nNo conflicts. ${ccHint("apply", job.id)} applies it.\n`);
    return plan.conflicts.length ? ExitCode.conflict : ExitCode.ok;
  }
  const outcome = attempt(() => applyModule.applyWorktree(target, ws.cwd, { markers: args.markers }));
  if (outcome.kind === "applied")
    setWorktreeState(store, job.id, { state: "applied", apply: { snapshot: outcome.snapshot, after: outcome.after, at: Date.now(), markers: args.markers } });
  const plan = outcome.plan;
  if (args.json) {
    out(
      `${JSON.stringify({ job: job.id, outcome: outcome.kind, conflicts: plan.conflicts, files: plan.files, stat: plan.stat, undoCommand: outcome.kind === "applied" ? `cc rescue --undo ${job.id}` : null }, null, 2)}\n`,
    );
    return outcome.kind === "conflict" ? ExitCode.conflict : ExitCode.ok;
  }
  if (outcome.kind === "conflict") {
    throw new CcError(`not applying rescue ${job.id}: ${conflictText(job.id, plan).trimEnd()}\nNothing was changed.`, {
      hint: `Resolve by hand with conflict markers (${ccHint("apply", "--conflict-markers", job.id)}), or put your changes aside (commit or stash them) and apply again.`,
      exitCode: ExitCode.conflict,
    });
  }
  if (outcome.kind === "nothing") {
    out(`Rescue ${job.id} changes nothing in your tree (its work is already there).\n`);
    return ExitCode.ok;
  }
  const commits = (await import("../contracts/rescue-job.ts")).rescueJobOutputSchema.safeParse(job.kindOutput).data?.worktree?.commits ?? [];
  const commitLines = commits.length ? `Claude's commits in its worktree (their changes are included, uncommitted):\n${indent(commits)}\n` : "";
  const marked = plan.conflicts.length ? `Conflict markers written in:\n${indent(plan.conflicts)}\nResolve them before you commit.\n` : "";
  out(`Applied rescue ${job.id} (uncommitted):\n${plan.stat}\n${commitLines}${marked}Undo: ${ccHint("rescue", "--undo", job.id)}\n`);
  return ExitCode.ok;
}

export default defineCommand({
  meta: commandMeta("apply"),
  args: {
    job: { type: "positional", required: true, description: "The worktree rescue's job id (or a unique prefix)" },
    check: { type: "boolean", description: "Show what would change and every conflict; change nothing (exit 7 on a conflict)" },
    "conflict-markers": { type: "boolean", description: "On a conflict, write standard conflict markers into those files instead of refusing" },
    json: { type: "boolean", description: "Print as JSON" },
  },
  async run({ args }) {
    process.exitCode = await apply({ job: String(args.job), check: Boolean(args.check), markers: Boolean(args["conflict-markers"]), json: Boolean(args.json) });
  },
});
