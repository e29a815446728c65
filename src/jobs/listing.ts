/**
 * Which jobs a listing holds, and the lookups `cc status`'s list makes beside its rows, on a bare
 * connection: no job model (zod), so that the list's quick road (src/commands/_status-list.ts) can
 * answer without loading it. The job store (store.ts) builds its listings on the same filter.
 */
import type { Database } from "bun:sqlite";
import { JOB_KINDS, JOB_STATUSES } from "./statuses.ts";
import type { JobListing } from "./types.ts";

/** Which jobs a listing holds: one Codex session's, or the whole workspace's. */
export interface JobFilter {
  workspaceRoot: string;
  /** null: every job of the workspace. */
  codexSession: string | null;
}

/**
 * The filter as a WHERE clause (served by jobs_session_list / jobs_workspace_list) and its
 * parameters; `table` qualifies the columns in a join (`j` for `jobs j`).
 */
export function filterSql(filter: JobFilter, table?: string): { where: string; params: string[] } {
  const col = (name: string) => (table ? `${table}.${name}` : name);
  return filter.codexSession === null
    ? { where: `${col("workspace_root")} = ?`, params: [filter.workspaceRoot] }
    : { where: `${col("codex_session")} = ? AND ${col("workspace_root")} = ?`, params: [filter.codexSession, filter.workspaceRoot] };
}

/**
 * The newest `limit` jobs of a filter as the list shows them, read as stored (no job model): only
 * for a store with no job queued or running, whose progress is never shown (render/job-list.ts
 * `progressLine`), so it is not read.
 */
export function newestFinishedListings(db: Database, filter: JobFilter, limit: number): JobListing[] {
  const { where, params } = filterSql(filter);
  return db
    .query(
      `SELECT id, kind, status, summary, NULL AS progress, created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt,
              cost_usd AS costUsd, read_at AS readAt
         FROM jobs WHERE ${where} ORDER BY created_at DESC, id LIMIT ?`,
    )
    .all(...params, limit) as JobListing[];
}

const KNOWN_KINDS: ReadonlySet<string> = new Set(JOB_KINDS);
const KNOWN_STATUSES: ReadonlySet<string> = new Set(JOB_STATUSES);
/** How often `streamListings` collects garbage (a full collection takes about a millisecond here). */
const GC_EVERY_ROWS = 1_000;

/** A listing as `streamListings` reads it: the progress column as stored, and only where the model must read the row. */
type StoredListing = Omit<JobListing, "progress"> & { progress: string | null };

/**
 * Every job of a filter as the list shows it, newest first, one at a time: `cc status --all` over a
 * long history, whose memory must not grow with it. Read as stored, with no job model per row (the
 * model's parser, compiled hot by the JIT over 100,000 rows, cost more memory than the rows). The
 * rows only the model can show or refuse go to `checked`, which reads them with it (null: skipped,
 * as every listing skips a damaged row): a running job (its progress is shown), progress that is
 * not JSON, a kind or status this cc does not know.
 */
export function* streamListings(db: Database, filter: JobFilter, checked: (id: string) => JobListing | null): Generator<JobListing> {
  const { where, params } = filterSql(filter);
  const rows = db
    .query(
      `SELECT id, kind, status, summary, CASE WHEN status = 'running' OR NOT json_valid(progress) THEN progress END AS progress,
              created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt, cost_usd AS costUsd, read_at AS readAt
         FROM jobs WHERE ${where} ORDER BY created_at DESC, id`,
    )
    .iterate(...params) as IterableIterator<StoredListing>;
  let n = 0;
  for (const row of rows) {
    // Each row's memory waits for the collector, which lets the heap grow by MiBs over a long
    // history first: a collection now and then keeps the peak flat.
    if (++n % GC_EVERY_ROWS === 0) Bun.gc(true);
    if (row.progress === null && KNOWN_KINDS.has(row.kind) && KNOWN_STATUSES.has(row.status)) yield row as JobListing;
    else {
      const job = checked(row.id);
      if (job) yield job;
    }
  }
}

export function countJobs(db: Database, filter: JobFilter): number {
  const { where, params } = filterSql(filter);
  return (db.query(`SELECT count(*) AS n FROM jobs WHERE ${where}`).get(...params) as { n: number }).n;
}

/** How many follow-ups (`cc steer`) each of these jobs got; jobs with none are absent. */
export function followUpCounts(db: Database, jobIds: readonly string[]): Map<string, number> {
  if (jobIds.length === 0) return new Map();
  const rows = db
    .query(`SELECT job_id AS id, count(*) AS n FROM job_messages WHERE role = 'steer' AND job_id IN (${jobIds.map(() => "?").join(", ")}) GROUP BY job_id`)
    .all(...jobIds) as { id: string; n: number }[];
  return new Map(rows.map((r) => [r.id, r.n]));
}
