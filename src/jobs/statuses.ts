/**
 * Job kinds and statuses, and their SQL spelling: without zod, so the hooks' probes and the database
 * opener load none of the job model (src/jobs/types.ts re-exports all of this).
 */
export const JOB_KINDS = ["review", "adversarial-review", "rescue", "gate"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * `needs-input`: the run ended with a question for the user (src/jobs/ask-back.ts). Neither active
 * (no process runs) nor finished: an answer continues it, and unanswered it times out into `completed`.
 */
export const JOB_STATUSES = ["queued", "running", "completed", "failed", "cancelled", "needs-input"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const ACTIVE_STATUSES = ["queued", "running"] as const satisfies readonly JobStatus[];
export const FINISHED_STATUSES = ["completed", "failed", "cancelled"] as const satisfies readonly JobStatus[];
type FinishedStatus = (typeof FINISHED_STATUSES)[number];
/** The run did its work: completed, or completed with a question for the user (its result is shown the same way). */
export const endedWell = (status: JobStatus): boolean => status === "completed" || status === "needs-input";
/** How a run can end: finished, or parked on a question. */
export type EndStatus = FinishedStatus | "needs-input";
export const isActive = (status: JobStatus): boolean => (ACTIVE_STATUSES as readonly JobStatus[]).includes(status);
/**
 * A status list as SQL (`'queued','running'`): the statuses are spelled once, here. A loop, not
 * `map`: every hook and `cc status` run this, and JavaScriptCore compiles its JS-written builtins
 * (`map`, `some`, `filter`, `find`, `every` …) from source on first use (bench/README.md).
 */
export function sqlStatuses(statuses: readonly JobStatus[]): string {
  let sql = "";
  for (const status of statuses) sql += sql === "" ? `'${status}'` : `,'${status}'`;
  return sql;
}
