/**
 * The kind registry, in the composition root: for every job kind, its finisher (kind-specific work
 * at the end of a run), its renderer (the result as text) and its JSON (the result as `--json`
 * prints it). The job engine knows no kind: the worker and foreground runs are handed the finisher
 * from here, and `cc result` renders through the same entry as the foreground command — so
 * `cc review --json` and `cc result --json` print the same object for the same job.
 *
 * Literal imports only: the compiled binary contains just the modules imported by a literal path.
 * Each entry loads its modules lazily, so `cc status` never loads a review's renderer.
 */
import type { Finisher } from "./jobs/finisher.ts";
import type { PrunableJob, PrunedJob } from "./jobs/store.ts";
import type { Job, JobKind } from "./jobs/types.ts";
import type { HintStyle } from "./lib/invocation.ts";

export interface KindHandlers {
  /** None: the engine stores Claude's outcome as is. */
  finisher?: () => Promise<Finisher>;
  /** `style`: how hints in the text name cc's commands (see lib/invocation.ts). */
  render: () => Promise<(job: Job, style: HintStyle) => string>;
  toJson: () => Promise<(job: Job) => unknown>;
  /** Clean-up of what the kind keeps outside the store, when `cc status --prune` or housekeeping deletes its jobs. */
  cleanUp?: () => Promise<(jobs: PrunedJob[]) => void>;
  /**
   * Finished, read jobs that automatic housekeeping must still never delete (src/housekeeping.ts):
   * a rescue holding its undo data; a worktree the user has not applied or discarded plugs in here.
   * Decided from the row alone (no git): housekeeping walks many jobs.
   */
  keep?: () => Promise<(job: PrunableJob) => boolean>;
}

const generic = {
  render: async () => (await import("./render/result.ts")).renderGenericResult,
  toJson: async () => (await import("./render/result.ts")).genericResultJson,
} satisfies Omit<KindHandlers, "finisher">;

const review: KindHandlers = {
  finisher: async () => (await import("./review/finish.ts")).finishReview,
  render: async () => (await import("./render/review.ts")).renderReviewResult,
  toJson: async () => (await import("./render/review.ts")).reviewJson,
};

export const KINDS: Record<JobKind, KindHandlers> = {
  review,
  "adversarial-review": review,
  rescue: {
    finisher: async () => (await import("./rescue/finish.ts")).finishRescue,
    render: async () => (await import("./render/rescue.ts")).renderRescueResult,
    toJson: async () => (await import("./render/rescue.ts")).rescueJson,
    cleanUp: async () => (await import("./rescue/snapshot.ts")).deleteSnapshotsOf,
    keep: async () => (await import("./rescue/snapshot.ts")).holdsUndoData,
  },
  gate: {
    finisher: async () => (await import("./gate/finish.ts")).finishGate,
    render: async () => (await import("./render/gate.ts")).renderGateResult,
    toJson: generic.toJson,
  },
};

export const finisherFor = async (kind: JobKind): Promise<Finisher | undefined> => KINDS[kind].finisher?.();

/** A finished job as the user reads it: the kind's text, or the kind's JSON. */
export async function presentResult(job: Job, json: boolean, style: HintStyle): Promise<string> {
  const kind = KINDS[job.kind];
  if (json) return `${JSON.stringify((await kind.toJson())(job), null, 2)}\n`;
  return (await kind.render())(job, style);
}

/** Hand each pruned job to its kind's clean-up; one that fails must not stop the others. */
export async function cleanUpPruned(jobs: PrunedJob[]): Promise<void> {
  for (const kind of new Set(jobs.map((j) => j.kind))) {
    const cleanUp = await KINDS[kind].cleanUp?.();
    try {
      cleanUp?.(jobs.filter((j) => j.kind === kind));
    } catch {
      /* the kind's own trouble: the jobs are gone either way */
    }
  }
}

/** The jobs among `jobs` their kind keeps from housekeeping. */
export async function keptByKind(jobs: PrunableJob[]): Promise<Set<string>> {
  const kept = new Set<string>();
  for (const kind of new Set(jobs.map((j) => j.kind))) {
    const keep = await KINDS[kind].keep?.();
    if (!keep) continue;
    for (const job of jobs) if (job.kind === kind && keep(job)) kept.add(job.id);
  }
  return kept;
}
