/**
 * A job's state after its run, owned by its kind and changed by later commands (a rescue's
 * worktree: held, applied, discarded). The engine stores it as JSON and knows nothing of its shape;
 * the kind parses it with its own schema.
 */
import type { Database } from "bun:sqlite";
import { filterSql, type JobFilter } from "./listing.ts";
import type { JobStore } from "./store.ts";

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

export function readKindState(store: JobStore, jobId: string): unknown {
  const row = store.db.query("SELECT state_json FROM job_kind_state WHERE job_id = ?").get(jobId) as { state_json: string } | null;
  return row ? parse(row.state_json) : null;
}

/** The states of many jobs at once (a status listing). */
export function readKindStates(store: JobStore, jobIds: readonly string[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (jobIds.length === 0) return out;
  const rows = store.db.query(`SELECT job_id, state_json FROM job_kind_state WHERE job_id IN (${jobIds.map(() => "?").join(",")})`).all(...jobIds) as {
    job_id: string;
    state_json: string;
  }[];
  for (const row of rows) out.set(row.job_id, parse(row.state_json));
  return out;
}

export function writeKindState(store: JobStore, jobId: string, state: unknown, now = Date.now()): void {
  store.db
    .query(
      "INSERT INTO job_kind_state (job_id, state_json, updated_at) VALUES (?, ?, ?) ON CONFLICT(job_id) DO UPDATE SET state_json = excluded.state_json, updated_at = excluded.updated_at",
    )
    .run(jobId, JSON.stringify(state), now);
}

export function deleteKindStates(store: JobStore, jobIds: readonly string[]): void {
  for (const id of jobIds) store.db.query("DELETE FROM job_kind_state WHERE job_id = ?").run(id);
}

/**
 * Ids of the filter's jobs that have a kind state, newest first: the few a listing names again below
 * its table (rescues holding a worktree). Walks this small table, never the job history. On a bare
 * connection: the status list's quick road asks it too (src/commands/_status-quick.ts).
 */
export function jobsWithKindState(db: Database, filter: JobFilter): string[] {
  const { where, params } = filterSql(filter, "j");
  const rows = db.query(`SELECT j.id FROM job_kind_state k JOIN jobs j ON j.id = k.job_id WHERE ${where} ORDER BY j.created_at DESC, j.id`).all(...params) as {
    id: string;
  }[];
  return rows.map((r) => r.id);
}
