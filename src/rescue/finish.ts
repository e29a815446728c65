/** At the end of a rescue (foreground or in the worker): list the files Claude changed and what moved. */
import type { ClaudeOutcome } from "../claude/types.ts";
import { type RescueJobOutput, rescueJobInputSchema } from "../contracts/rescue-job.ts";
import type { FinisherResult } from "../jobs/finisher.ts";
import { SessionStore } from "../jobs/sessions.ts";
import { JobStore } from "../jobs/store.ts";
import type { Job } from "../jobs/types.ts";
import { diffSnapshots, takeSnapshot } from "../lib/tree-snapshot.ts";
import { hiddenFilesOf } from "./hidden-files.ts";
import { compareStates, describeDifference, readRepoState } from "./snapshot.ts";
import { finishWorktreeRescue } from "./worktree-finish.ts";

export function finishRescue(job: Job, _outcome: ClaudeOutcome): FinisherResult {
  const input = rescueJobInputSchema.safeParse(job.kindInput);
  if (!input.success) {
    return {
      kindOutput: { changes: { files: [], stat: "", headMoved: false, unavailable: "no snapshot from before the run was stored" } } satisfies RescueJobOutput,
    };
  }
  const snapshot = input.data.snapshot;
  if (input.data.worktree) return { kindOutput: finishWorktreeRescue(job.id, input.data, input.data.worktree) };
  if (!snapshot) {
    const now = takeSnapshot(job.cwd);
    noteCcEdit(job.codexSession, input.data.before.tree, now.tree, `rescue ${job.id}`);
    return { kindOutput: { changes: diffSnapshots(job.cwd, input.data.before, now) } satisfies RescueJobOutput };
  }
  // One reading of the repository serves the file list, the moved refs and undo's later check.
  const after = readRepoState(job.cwd);
  noteCcEdit(job.codexSession, input.data.before.tree, after.worktree, `rescue ${job.id}`);
  const changes = diffSnapshots(job.cwd, input.data.before, { tree: after.worktree, head: after.headCommit, reason: after.reason });
  const moved = describeDifference(compareStates(snapshot.state, after)).filter((line) => !line.startsWith("working tree:"));
  const hidden = hiddenFilesOf(job.cwd, snapshot.state.worktree, after.worktree);
  return { kindOutput: { changes, after, moved, ...(hidden ? { hidden } : {}) } satisfies RescueJobOutput };
}

/**
 * Tell the review gate of the Codex session that this change to the working tree was cc's (it
 * reviews the turn's own edits: src/gate/cc-edits.ts). Best effort: a store that cannot take it
 * only means the gate reviews Claude's edit as well.
 */
export function noteCcEdit(codexSession: string | null, before: string | null, after: string | null, by: string): void {
  if (!codexSession || !before || !after || before === after) return;
  try {
    new SessionStore(new JobStore()).recordCcEdit(codexSession, { before, after, by });
  } catch {
    /* the gate then reviews this edit too */
  }
}
