/**
 * Automatic housekeeping: the job store stays bounded however long cc is used. Finished jobs the
 * user has read are deleted, with their logs and what their kind keeps outside the store (a
 * rescue's snapshot refs), once they are older than 30 days AND beyond the newest 500 of their
 * workspace. Never deleted: an unread result, a queued or running job, or a job its kind keeps
 * (src/kinds.ts `keep`: a rescue holding its undo data, a worktree not yet applied or discarded).
 *
 * It runs in the background of a command that already runs (the `--background` worker, after its
 * job is saved), at most once a day across every process (a conditional UPDATE claims the run),
 * for at most a second, oldest jobs first, in small batches. Config `housekeeping` changes the
 * limits or turns it off. Composition root: it needs the kind registry, which the engine does not know.
 */
import { rmSync } from "node:fs";
import type { JobStore, PrunableJob } from "./jobs/store.ts";
import { cleanUpPruned, keptByKind } from "./kinds.ts";
import type { CcConfig } from "./lib/config.ts";

const DAY_MS = 86_400_000;

export interface HousekeepingLimits {
  /** Only jobs that finished longer ago than this. */
  olderThanMs: number;
  /** Never the newest this many jobs of a workspace. */
  keepPerWorkspace: number;
}

export const DEFAULT_LIMITS: HousekeepingLimits = { olderThanMs: 30 * DAY_MS, keepPerWorkspace: 500 };
/** At most one run this often (per data dir). */
export const HOUSEKEEPING_EVERY_MS = DAY_MS;
/** One run stops after this long; the next one carries on. */
const BUDGET_MS = 1_000;
const BATCH = 200;

/** The limits the config asks for; null when it turns housekeeping off. */
export function housekeepingLimits(config: CcConfig): HousekeepingLimits | null {
  const setting = config.housekeeping;
  if (setting === false) return null;
  return {
    olderThanMs: setting?.olderThanDays !== undefined ? setting.olderThanDays * DAY_MS : DEFAULT_LIMITS.olderThanMs,
    keepPerWorkspace: setting?.keepPerWorkspace ?? DEFAULT_LIMITS.keepPerWorkspace,
  };
}

export interface HousekeepingReport {
  removed: string[];
  /** Old enough, but kept by their kind (undo data, an unapplied worktree). */
  keptByKind: number;
  /** The time budget ran out before every candidate was looked at. */
  unfinished: boolean;
}

/** One bounded pass: delete what the limits allow, oldest first. */
export async function housekeep(store: JobStore, limits: HousekeepingLimits, opts: { now?: number; budgetMs?: number } = {}): Promise<HousekeepingReport> {
  const now = opts.now ?? Date.now();
  const deadline = performance.now() + (opts.budgetMs ?? BUDGET_MS);
  const report: HousekeepingReport = { removed: [], keptByKind: 0, unfinished: false };
  /** Per workspace: jobs created before this are beyond its newest `keepPerWorkspace`. */
  const cutoffs = new Map<string, number | null>();
  const beyondNewest = (job: PrunableJob): boolean => {
    if (!cutoffs.has(job.workspaceRoot)) cutoffs.set(job.workspaceRoot, store.createdAtOfRank(job.workspaceRoot, limits.keepPerWorkspace));
    const cutoff = cutoffs.get(job.workspaceRoot)!;
    return cutoff !== null && job.createdAt < cutoff;
  };
  let after: { finishedAt: number; id: string } | null = null;
  for (;;) {
    if (performance.now() > deadline) {
      report.unfinished = true;
      break;
    }
    const batch = store.prunable(now - limits.olderThanMs, after, BATCH);
    if (batch.length === 0) break;
    const last = batch.at(-1)!;
    after = { finishedAt: last.finishedAt, id: last.id };
    const candidates = batch.filter(beyondNewest);
    const kept = await keptByKind(candidates, store);
    report.keptByKind += kept.size;
    const doomed = candidates.filter((j) => !kept.has(j.id));
    const deleted = new Set(store.deleteIfFinishedAndRead(doomed.map((j) => j.id)));
    const gone = doomed.filter((j) => deleted.has(j.id));
    for (const { logPath } of gone) rmSync(logPath, { force: true });
    await cleanUpPruned(gone, store);
    report.removed.push(...gone.map((j) => j.id));
  }
  return report;
}

/**
 * Housekeeping if it is due and on, for a command that already runs in the background; `log`
 * gets one line when it removed anything. Never throws: the command's own work is done.
 */
export async function housekeepIfDue(store: JobStore, log: (line: string) => void, now = Date.now()): Promise<void> {
  try {
    const { readConfig } = await import("./lib/config.ts");
    const limits = housekeepingLimits(readConfig());
    if (limits === null || !store.claimHousekeeping(now, HOUSEKEEPING_EVERY_MS)) return;
    const report = await housekeep(store, limits, { now });
    if (report.removed.length || report.unfinished) {
      log(
        `housekeeping: removed ${report.removed.length} finished, read job(s) older than ${Math.round(limits.olderThanMs / DAY_MS)} days beyond the newest ${limits.keepPerWorkspace} of their workspace${report.keptByKind ? `; kept ${report.keptByKind} holding undo data or a worktree` : ""}${report.unfinished ? "; more next time" : ""}`,
      );
    }
  } catch (error) {
    log(`housekeeping skipped: ${(error as Error).message}`);
  }
}
