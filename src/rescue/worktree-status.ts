/** `cc status`: which listed jobs hold a worktree, its size on disk, and whether it waits to be applied. */
import { existsSync } from "node:fs";
import type { JobStore } from "../jobs/store.ts";
import type { Job } from "../jobs/types.ts";
import type { HintStyle } from "../lib/invocation.ts";
import { type HeldWorktree, renderHeldWorktrees } from "../render/rescue-worktree.ts";
import { worktreeSize } from "./worktree.ts";
import { worktreeOf, worktreeStates } from "./worktree-state.ts";

/** `sizes: false` (the hooks): no walk of the checkouts, which can be large. */
export function heldWorktrees(store: JobStore, listed: Job[], sizes = true): HeldWorktree[] {
  // A listing leaves the kind input out: read the rescues in full.
  const rescues = listed.filter((j) => j.kind === "rescue").map((j) => store.get(j.id) ?? j);
  const withTree = rescues.filter((j) => worktreeOf(j) !== null);
  const states = worktreeStates(
    store,
    withTree.map((j) => j.id),
  );
  const held: HeldWorktree[] = [];
  for (const job of withTree) {
    const state = states.get(job.id)?.state ?? "held";
    const info = worktreeOf(job)!;
    if ((state !== "held" && state !== "applied") || !existsSync(info.path)) continue;
    held.push({ id: job.id, status: job.status, state, bytes: sizes ? worktreeSize(info.path) : 0 });
  }
  return held;
}

export const heldWorktreesText = (store: JobStore, listed: Job[], style: HintStyle) => renderHeldWorktrees(heldWorktrees(store, listed), style);

/** The hooks' question: which of these finished jobs hold work that waits for `cc apply`. */
export function waitingToApply(store: JobStore, jobs: Job[]): Set<string> {
  return new Set(
    heldWorktrees(store, jobs, false)
      .filter((w) => w.state === "held" && w.status !== "queued" && w.status !== "running")
      .map((w) => w.id),
  );
}
