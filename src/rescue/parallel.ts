/**
 * Fan-out: how many worktree rescues run at once in one workspace (`rescueParallelLimit` in
 * config.json, default 4). The rest wait as `queued` and start when a slot frees.
 */

import { rescueJobInputSchema } from "../contracts/rescue-job.ts";
import type { Job } from "../jobs/types.ts";
import { readConfig } from "../lib/config.ts";

export const DEFAULT_PARALLEL_LIMIT = 4;

const inWorktree = (job: Job) => job.kind === "rescue" && rescueJobInputSchema.safeParse(job.kindInput).data?.worktree !== undefined;

export function worktreeAdmission(job: Job): ((running: Job[]) => boolean) | null {
  if (!inWorktree(job)) return null;
  const limit = readConfig().rescueParallelLimit ?? DEFAULT_PARALLEL_LIMIT;
  return (running) => running.filter(inWorktree).length < limit;
}
