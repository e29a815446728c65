/** At the end of a rescue (foreground or in the worker): list the files Claude changed and what moved. */
import type { ClaudeOutcome } from "../claude/types.ts";
import type { FinisherResult } from "../jobs/finisher.ts";
import type { Job } from "../jobs/types.ts";
import { rescueJobInputSchema, type RescueJobOutput } from "../contracts/rescue-job.ts";
import { diffSnapshots, takeSnapshot } from "../lib/tree-snapshot.ts";
import { compareStates, describeDifference, readRepoState } from "./snapshot.ts";

export function finishRescue(job: Job, _outcome: ClaudeOutcome): FinisherResult {
  const input = rescueJobInputSchema.safeParse(job.kindInput);
  if (!input.success) {
    return { kindOutput: { changes: { files: [], stat: "", headMoved: false, unavailable: "no snapshot from before the run was stored" } } satisfies RescueJobOutput };
  }
  const snapshot = input.data.snapshot;
  if (!snapshot) return { kindOutput: { changes: diffSnapshots(job.cwd, input.data.before, takeSnapshot(job.cwd)) } satisfies RescueJobOutput };
  // One reading of the repository serves the file list, the moved refs and undo's later check.
  const after = readRepoState(job.cwd);
  const changes = diffSnapshots(job.cwd, input.data.before, { tree: after.worktree, head: after.headCommit, reason: after.reason });
  const moved = describeDifference(compareStates(snapshot.state, after)).filter((line) => !line.startsWith("working tree:"));
  return { kindOutput: { changes, after, moved } satisfies RescueJobOutput };
}
