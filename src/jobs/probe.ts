/**
 * Cheap questions the hooks ask on every prompt and stop, answered from the database without
 * loading the job model (zod row schemas): most of the time the answer is "nothing to do", and
 * only then is the full store opened.
 */
import type { Database } from "bun:sqlite";

const one = (db: Database, sql: string, ...params: string[]) => (db.query(sql).get(...params) as { n: number }).n === 1;

const ACTIVE = "SELECT 1 FROM jobs WHERE status IN ('queued','running')";
const PARKED = "SELECT 1 FROM jobs WHERE status = 'needs-input'";

/** Any queued or running job at all (the partial index makes this a lookup): reconcile is needed. */
export const anyActiveJob = (db: Database) => one(db, `SELECT EXISTS (${ACTIVE}) AS n`);

/**
 * In one statement (`cc status`'s quick road asks on every run): is there anything reconcile could
 * change — a queued or running job, or one parked on a question that may expire (src/jobs/parked.ts)
 * — is there any kind state at all (a rescue's worktree: src/jobs/kind-state.ts), and was any job
 * ever sent a follow-up (`cc steer`: most stores have none, and then the list need not count them)?
 */
export function storeState(db: Database): { reconcile: boolean; kindStates: boolean; followUps: boolean } {
  const row = db
    .query(
      `SELECT EXISTS (${ACTIVE}) OR EXISTS (${PARKED}) AS reconcile, EXISTS (SELECT 1 FROM job_kind_state) AS kindStates,
              EXISTS (SELECT 1 FROM job_messages WHERE role = 'steer') AS followUps`,
    )
    .get() as { reconcile: number; kindStates: number; followUps: number };
  return { reconcile: row.reconcile === 1, kindStates: row.kindStates === 1, followUps: row.followUps === 1 };
}

/** Any queued or running job of one session. */
export const anyActiveOfSession = (db: Database, codexSession: string) =>
  one(db, "SELECT EXISTS (SELECT 1 FROM jobs WHERE codex_session = ? AND status IN ('queued','running')) AS n", codexSession);

/** Any finished (or parked on a question), unread job of the session not yet marked in `column`, of a kind not in `excludeKinds`. */
export const anyUnmarkedFinished = (db: Database, codexSession: string, column: "announced_at" | "noticed_at", excludeKinds: readonly string[] = []) => {
  let marks = "";
  for (const _ of excludeKinds) marks += marks === "" ? "?" : ", ?"; // not `map`: see statuses.ts sqlStatuses
  const kinds = marks ? ` AND kind NOT IN (${marks})` : "";
  // The status list is the one of the partial indexes jobs_unannounced / jobs_unnoticed (src/jobs/db.ts), so the probe stays inside them.
  const where = `codex_session = ? AND read_at IS NULL AND ${column} IS NULL${kinds}`;
  return one(db, `SELECT EXISTS (SELECT 1 FROM jobs WHERE status IN ('completed','failed','needs-input') AND ${where}) AS n`, codexSession, ...excludeKinds);
};
