/**
 * Which jobs a listing holds, and the lookups `cc status`'s list makes beside its rows, on a bare
 * connection: no job model (zod), so that the list's quick road (src/commands/_status-list.ts) can
 * answer without loading it. The job store (store.ts) builds its listings on the same filter.
 */
import type { Database } from "bun:sqlite";
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
