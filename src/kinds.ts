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
import type { JobStore, PrunableJob, PrunedJob } from "./jobs/store.ts";
import type { Job, JobKind } from "./jobs/types.ts";
import type { HintStyle } from "./lib/invocation.ts";

interface KindHandlers {
  /** None: the engine stores Claude's outcome as is. */
  finisher?: () => Promise<Finisher>;
  /** `style`: how hints in the text name cc's commands (see lib/invocation.ts). */
  render: () => Promise<(job: Job, style: HintStyle) => string>;
  toJson: () => Promise<(job: Job) => unknown>;
  /** Clean-up of what the kind keeps outside the store, when `cc status --prune` or housekeeping deletes its jobs. */
  cleanUp?: () => Promise<(jobs: PrunedJob[], store: JobStore) => void>;
  /**
   * True while a finished job still holds work the user has not taken (a worktree rescue not yet
   * applied or discarded): pruning and every automatic housekeeping must spare it.
   */
  keepsWork?: () => Promise<(store: JobStore, job: PrunedJob) => boolean>;
  /**
   * Finished, read jobs that automatic housekeeping (src/housekeeping.ts) must also never delete,
   * though `cc status --prune` may: a rescue holding its undo data. Decided from the row alone (no
   * git): housekeeping walks many jobs.
   */
  keep?: () => Promise<(job: PrunableJob) => boolean>;
  /** A cap on how many such jobs run at once in a workspace: null for this job, or the admission test. */
  admission?: () => Promise<(job: Job) => ((running: Job[]) => boolean) | null>;
}

const generic = {
  render: async () => {
    const { renderGenericResult } = await import("./render/result.ts");
    return (job: Job) => renderGenericResult(job);
  },
  toJson: async () => (await import("./render/result.ts")).genericResultJson,
} satisfies Omit<KindHandlers, "finisher">;

const review: KindHandlers = {
  finisher: async () => (await import("./review/finish.ts")).finishReview,
  render: async () => (await import("./render/review.ts")).renderReviewResult,
  toJson: async () => (await import("./render/review.ts")).reviewJson,
};

const KINDS: Record<JobKind, KindHandlers> = {
  review,
  "adversarial-review": review,
  rescue: {
    finisher: async () => (await import("./rescue/finish.ts")).finishRescue,
    render: async () => (await import("./render/rescue.ts")).renderRescueResult,
    toJson: async () => (await import("./render/rescue.ts")).rescueJson,
    cleanUp: async () => {
      const { cleanUpRescues } = await import("./rescue/worktree-state.ts");
      return (jobs, store) => cleanUpRescues(store, jobs);
    },
    keepsWork: async () => (await import("./rescue/worktree-state.ts")).holdsUnappliedWork,
    admission: async () => (await import("./rescue/parallel.ts")).worktreeAdmission,
    keep: async () => (await import("./rescue/snapshot.ts")).holdsUndoData,
  },
  gate: {
    finisher: async () => (await import("./gate/finish.ts")).finishGate,
    render: async () => (await import("./render/gate.ts")).renderGateResult,
    toJson: generic.toJson,
  },
};

/** The admission test of a job about to run in the background (null: it starts at once). */
export const admissionFor = async (job: Job) => (await KINDS[job.kind].admission?.())?.(job) ?? null;

export const finisherFor = async (kind: JobKind): Promise<Finisher | undefined> => KINDS[kind].finisher?.();

/** A finished job as the user reads it: the kind's text, or the kind's JSON. */
export async function presentResult(job: Job, json: boolean, style: HintStyle): Promise<string> {
  const kind = KINDS[job.kind];
  if (json) return `${JSON.stringify((await kind.toJson())(job), null, 2)}\n`;
  return (await kind.render())(job, style);
}

/**
 * The one question every deletion of jobs asks (`cc status --prune`, automatic housekeeping): does
 * this job still hold work the user has not taken? Loaded once, then synchronous (prune calls it
 * inside its transaction).
 */
export async function keepsWork(store: JobStore): Promise<(job: PrunedJob) => boolean> {
  const byKind = new Map<string, (store: JobStore, job: PrunedJob) => boolean>();
  for (const [kind, handlers] of Object.entries(KINDS)) {
    const predicate = await handlers.keepsWork?.();
    if (predicate) byKind.set(kind, predicate);
  }
  return (job) => byKind.get(job.kind)?.(store, job) ?? false;
}

/** Hand each pruned job to its kind's clean-up; one that fails must not stop the others. */
export async function cleanUpPruned(jobs: PrunedJob[], store: JobStore): Promise<void> {
  for (const kind of new Set(jobs.map((j) => j.kind))) {
    const cleanUp = await KINDS[kind].cleanUp?.();
    try {
      cleanUp?.(
        jobs.filter((j) => j.kind === kind),
        store,
      );
    } catch {
      /* the kind's own trouble: the jobs are gone either way */
    }
  }
}

/** The jobs among `jobs` their kind keeps from housekeeping: undo data, or work not yet taken. */
export async function keptByKind(jobs: PrunableJob[], store: JobStore): Promise<Set<string>> {
  const kept = new Set<string>();
  const holdsWork = await keepsWork(store);
  for (const kind of new Set(jobs.map((j) => j.kind))) {
    const keep = await KINDS[kind].keep?.();
    for (const job of jobs) if (job.kind === kind && (keep?.(job) || holdsWork(job))) kept.add(job.id);
  }
  return kept;
}
