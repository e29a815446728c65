/** The worktree rescue a user names (apply, discard): found, checked, and turned into what apply needs. */

import { rescueJobInputSchema } from "../contracts/rescue-job.ts";
import type { JobStore } from "../jobs/store.ts";
import { isActive, type Job } from "../jobs/types.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import { ccHint } from "../lib/invocation.ts";
import type { Workspace } from "../lib/workspace.ts";
import type { ApplyTarget } from "./apply.ts";
import { type WorktreeState, worktreeState } from "./worktree-state.ts";

export interface WorktreeJob {
  job: Job;
  target: ApplyTarget;
  state: WorktreeState;
}

export async function findWorktreeJob(store: JobStore, ref: string, ws: Workspace, verb: string): Promise<WorktreeJob> {
  const { resolveJob } = await import("../jobs/lookup.ts");
  const job = resolveJob(store, ref, ws);
  const input = job.kind === "rescue" ? rescueJobInputSchema.safeParse(job.kindInput) : null;
  const worktree = input?.success ? input.data.worktree : undefined;
  if (!input?.success || !worktree) {
    throw new UsageError(
      `${job.id} did not run in a worktree, so there is nothing to ${verb}`,
      job.kind === "rescue" ? `It edited your tree in place; ${ccHint("rescue", "--undo", job.id)} undoes it.` : undefined,
    );
  }
  if (isActive(job.status))
    throw new CcError(`rescue ${job.id} is still ${job.status}`, {
      hint: `Wait for it (${ccHint("wait", job.id)}) or cancel it (${ccHint("cancel", job.id)}) first.`,
    });
  const state = worktreeState(store, job.id);
  if (state.state === "handed")
    throw new CcError(`rescue ${job.id} was continued by ${state.handedTo}, which owns its worktree now`, {
      hint: `${ccHint(verb, state.handedTo ?? "<job>")}.`,
    });
  if (state.state === "discarded") throw new CcError(`rescue ${job.id}'s worktree was discarded`, { hint: "Its work is gone; start a new rescue." });
  const snapshot = input.data.snapshot;
  if (!snapshot?.state.worktree) throw new CcError(`rescue ${job.id} has no launch snapshot to merge against`);
  return { job, state, target: { jobId: job.id, worktree, baseTree: snapshot.state.worktree, baseCommit: snapshot.state.headCommit } };
}
