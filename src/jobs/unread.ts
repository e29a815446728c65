/**
 * Unread results left by other sessions of a workspace. Jobs belong to the Codex session that
 * started them, so after a Codex restart `cc result` and `cc status` would see nothing although a
 * finished, unread result of this workspace is waiting; these queries find it.
 */
import { withDatabaseErrors } from "./db.ts";
import type { JobStore } from "./store.ts";
import { type Job, type JobStatus, sqlStatuses } from "./types.ts";

const RESULT_STATUSES: readonly JobStatus[] = ["completed", "failed"];

export interface UnreadElsewhere {
  count: number;
  /** The most recently finished of them. */
  newest: Job | null;
}

// `IS NOT ?` so jobs started outside Codex (no session) count as another session's.
// Cancelled jobs are not results waiting for anyone: the person stopped them.
const WHERE = `workspace_root = ? AND codex_session IS NOT ? AND status IN (${sqlStatuses(RESULT_STATUSES)}) AND read_at IS NULL`;
// The partial index holds only unread results, so both lookups skip the history of read ones. Named,
// because SQLite (without statistics) otherwise picks the index of all finished jobs for the newest.
const FROM = "jobs INDEXED BY jobs_workspace_unread";

/** Completed or failed jobs of `workspaceRoot` that nobody has read, from sessions other than `codexSession`. */
export function unreadElsewhere(store: JobStore, workspaceRoot: string, codexSession: string): UnreadElsewhere {
  return withDatabaseErrors(store.path, () => {
    const count = (store.db.query(`SELECT count(*) AS n FROM ${FROM} WHERE ${WHERE}`).get(workspaceRoot, codexSession) as { n: number }).n;
    if (count === 0) return { count, newest: null };
    const row = store.db.query(`SELECT id FROM ${FROM} WHERE ${WHERE} ORDER BY finished_at DESC, created_at DESC LIMIT 1`).get(workspaceRoot, codexSession) as {
      id: string;
    } | null;
    return { count, newest: row ? store.get(row.id) : null };
  });
}
