/**
 * What became of a worktree rescue's checkout after its run (kept in the job's kind state,
 * src/jobs/kind-state.ts): still held for the user to apply or discard, applied (with the snapshot
 * that undoes the apply), discarded, or handed over to a rescue that continued it.
 */
import { z } from "zod";
import { repoStateSchema, rescueJobInputSchema, snapshotSchema } from "../contracts/rescue-job.ts";
import { deleteKindStates, readKindState, readKindStates, writeKindState } from "../jobs/kind-state.ts";
import type { JobStore, PrunedJob } from "../jobs/store.ts";
import type { Job } from "../jobs/types.ts";
import { deleteSnapshotsOf } from "./snapshot.ts";
import { removeWorktree, type WorktreeInfo } from "./worktree.ts";

export const worktreeStateSchema = z.object({
  state: z.enum(["held", "applied", "discarded", "handed"]),
  /** "handed": the rescue that continued in this checkout and owns it now. */
  handedTo: z.string().optional(),
  /** "applied": the user's repository before the apply (undo restores it) and right after. */
  apply: z.object({ snapshot: snapshotSchema, after: repoStateSchema, at: z.number(), markers: z.boolean() }).optional(),
});
export type WorktreeState = z.infer<typeof worktreeStateSchema>;

export function worktreeOf(job: Pick<Job, "kind" | "kindInput">): WorktreeInfo | null {
  if (job.kind !== "rescue") return null;
  const input = rescueJobInputSchema.safeParse(job.kindInput);
  return input.success ? (input.data.worktree ?? null) : null;
}

const parseState = (raw: unknown): WorktreeState => worktreeStateSchema.safeParse(raw).data ?? { state: "held" };

export function worktreeState(store: JobStore, jobId: string): WorktreeState {
  return parseState(readKindState(store, jobId));
}

export function worktreeStates(store: JobStore, jobIds: readonly string[]): Map<string, WorktreeState> {
  const raw = readKindStates(store, jobIds);
  return new Map(jobIds.map((id) => [id, parseState(raw.get(id))]));
}

export const setWorktreeState = (store: JobStore, jobId: string, state: WorktreeState) => writeKindState(store, jobId, state);

/** A rescue continued in the checkout of `from`: `to` owns it now (apply, discard and prune follow it). */
export const handOver = (store: JobStore, from: string, to: string) => setWorktreeState(store, from, { state: "handed", handedTo: to });

/**
 * The predicate housekeeping must ask before deleting a job: true while the job holds a checkout
 * with work the user has neither applied nor discarded. Such a job is never pruned.
 */
export function holdsUnappliedWork(store: JobStore, job: Pick<Job, "id" | "kind" | "kindInput">): boolean {
  return worktreeOf(job) !== null && worktreeState(store, job.id).state === "held";
}

/**
 * Clean-up of pruned rescues: their snapshot refs, and the checkout and cc's refs of a worktree
 * rescue (unless it was handed to a rescue that continued it, which owns both now).
 */
export function cleanUpRescues(store: JobStore, jobs: PrunedJob[]): void {
  const states = worktreeStates(
    store,
    jobs.map((j) => j.id),
  );
  // A handed-over rescue's launch snapshot is its continuation's merge base: it stays with that one.
  deleteSnapshotsOf(jobs.filter((j) => states.get(j.id)?.state !== "handed"));
  for (const job of jobs) {
    const info = worktreeOf(job);
    if (!info || states.get(job.id)?.state === "handed") continue;
    try {
      removeWorktree(job.id, info);
    } catch {
      /* the repository is gone: so are its refs */
    }
  }
  deleteKindStates(
    store,
    jobs.map((j) => j.id),
  );
}
