/**
 * Job kinds and statuses, and their SQL spelling: without zod, so the hooks' probes and the database
 * opener load none of the job model (src/jobs/types.ts re-exports all of this).
 */
export const JOB_KINDS = ["review", "adversarial-review", "rescue", "gate"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const ACTIVE_STATUSES = ["queued", "running"] as const satisfies readonly JobStatus[];
export const FINISHED_STATUSES = ["completed", "failed", "cancelled"] as const satisfies readonly JobStatus[];
export type FinishedStatus = (typeof FINISHED_STATUSES)[number];
export const isActive = (status: JobStatus): boolean => (ACTIVE_STATUSES as readonly JobStatus[]).includes(status);
/** A status list as SQL (`'queued','running'`): the statuses are spelled once, here. */
export const sqlStatuses = (statuses: readonly JobStatus[]): string => statuses.map((s) => `'${s}'`).join(",");
