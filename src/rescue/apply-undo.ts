/**
 * `cc rescue --undo <job>` of a worktree rescue: it never changed the user's tree itself; what can be
 * undone is its apply, from the snapshot taken just before (src/rescue/apply.ts), under the same
 * rules as any undo (it refuses once the tree changed after the apply).
 */
import type { JobStore } from "../jobs/store.ts";
import type { Job } from "../jobs/types.ts";
import { CcError } from "../lib/errors.ts";
import { ccHint } from "../lib/invocation.ts";
import { type UndoResult, undoSnapshot } from "./undo.ts";
import { setWorktreeState, worktreeState } from "./worktree-state.ts";

export function undoApply(store: JobStore, job: Job): UndoResult {
  const state = worktreeState(store, job.id);
  if (state.state !== "applied" || !state.apply) {
    throw new CcError(`rescue ${job.id} worked in its own worktree and has not been applied: your tree holds none of its changes`, {
      hint: `${ccHint("discard", job.id)} removes its worktree; ${ccHint("apply", job.id)} brings its changes in.`,
    });
  }
  const result = undoSnapshot(job.cwd, state.apply.snapshot, state.apply.after, job.id);
  // Undone: the work is the worktree's again, to apply later or discard.
  if (result.kind !== "refused") setWorktreeState(store, job.id, { state: "held" });
  return result;
}
