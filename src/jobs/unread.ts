/**
 * Unread results left by other sessions of a workspace. Jobs belong to the Codex session that
 * started them, so after a Codex restart `cc result` and `cc status` would see nothing although a
 * finished, unread result of this workspace is waiting; these queries find it. On a bare
 * connection: the status list's quick road asks them too (src/commands/_status-quick.ts).
 */
import type { Database } from "bun:sqlite";
import { type JobStatus, sqlStatuses } from "./statuses.ts";

const RESULT_STATUSES: readonly JobStatus[] = ["completed", "failed"];

/**
 * Counted up to this many and no further (the line says "more than 100"): counting reads an index
 * entry per result, and a store with thousands unread made every `cc status` read them all.
 */
export const UNREAD_COUNT_CAP = 100;

export interface UnreadElsewhere {
  /** At most UNREAD_COUNT_CAP + 1: more than the cap reads as "more than UNREAD_COUNT_CAP". */
  count: number;
  /** The most recently finished of them. */
  newestId: string | null;
}

// `IS NOT ?` so jobs started outside Codex (no session) count as another session's.
// Cancelled jobs are not results waiting for anyone: the person stopped them.
const WHERE = `workspace_root = ? AND codex_session IS NOT ? AND status IN (${sqlStatuses(RESULT_STATUSES)}) AND read_at IS NULL`;
// The partial index holds only unread results, so both lookups skip the history of read ones. Named,
// because SQLite (without statistics) otherwise picks the index of all finished jobs for the newest.
const FROM = "jobs INDEXED BY jobs_workspace_unread";

/** Completed or failed jobs of `workspaceRoot` that nobody has read, from sessions other than `codexSession`. */
export function unreadElsewhere(db: Database, workspaceRoot: string, codexSession: string): UnreadElsewhere {
  // One statement for both (every `cc status` in Codex asks).
  const row = db
    .query(
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM ${FROM} WHERE ${WHERE} LIMIT ${UNREAD_COUNT_CAP + 1})) AS count,
              (SELECT id FROM ${FROM} WHERE ${WHERE} ORDER BY finished_at DESC, created_at DESC LIMIT 1) AS newestId`,
    )
    .get(workspaceRoot, codexSession, workspaceRoot, codexSession) as UnreadElsewhere;
  return { count: row.count, newestId: row.newestId };
}
