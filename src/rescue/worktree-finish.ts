/**
 * The end of a worktree rescue: bring the checkout's final state into the user's repository (cc's
 * refs only) and list what changed against the launch snapshot. The user's tree is not touched:
 * `cc apply` does that, when asked.
 */

import type { RescueJobInput, RescueJobOutput } from "../contracts/rescue-job.ts";
import { diffSnapshots } from "../lib/tree-snapshot.ts";
import { collectWorktree, type WorktreeInfo } from "./worktree.ts";

export function finishWorktreeRescue(jobId: string, input: RescueJobInput, worktree: WorktreeInfo): RescueJobOutput {
  const base = input.snapshot?.state;
  try {
    const result = collectWorktree(jobId, worktree, base?.headCommit ?? null);
    const changes = diffSnapshots(worktree.userRoot, input.before, { tree: result.tree, head: null, reason: null });
    return { changes: { ...changes, headMoved: result.commits.length > 0 }, worktree: result };
  } catch (error) {
    const why = (error as Error).message;
    return { changes: { files: [], stat: "", headMoved: false, unavailable: why }, worktreeError: why };
  }
}
