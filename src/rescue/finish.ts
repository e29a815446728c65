/** At the end of a rescue (foreground or in the worker): list the files Claude changed and what moved. */
import type { ClaudeOutcome } from "../claude/types.ts";
import type { FinishResult } from "../jobs/finishers.ts";
import type { Job } from "../jobs/types.ts";
import { rescueMetaSchema, type RescueExtra } from "./meta.ts";
import { diffSnapshots, takeSnapshot } from "../lib/tree-snapshot.ts";
import { compareStates, describeDifference, readRepoState } from "./snapshot.ts";

export function finish(job: Job, _outcome: ClaudeOutcome): FinishResult {
  const meta = rescueMetaSchema.safeParse(job.meta);
  if (!meta.success) {
    return { extra: { changes: { files: [], stat: "", headMoved: false, unavailable: "no snapshot from before the run was stored" } } satisfies RescueExtra };
  }
  const snapshot = meta.data.snapshot;
  if (!snapshot) return { extra: { changes: diffSnapshots(job.cwd, meta.data.before, takeSnapshot(job.cwd)) } satisfies RescueExtra };
  // One reading of the repository serves the file list, the moved refs and undo's later check.
  const after = readRepoState(job.cwd);
  const changes = diffSnapshots(job.cwd, meta.data.before, { tree: after.worktree, head: after.headCommit, reason: after.reason });
  const moved = describeDifference(compareStates(snapshot.state, after)).filter((line) => !line.startsWith("working tree:"));
  return { extra: { changes, after, moved } satisfies RescueExtra };
}
