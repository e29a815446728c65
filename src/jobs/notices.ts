/**
 * Telling a Codex session about its finished background jobs, each exactly once: `announced_at`
 * marks a job the model was pointed at (UserPromptSubmit), `noticed_at` one the user was shown a
 * line about (Stop or UserPromptSubmit). Jobs the user already read (`cc result`, or a foreground
 * run) and cancelled jobs are never announced. Each mark is a conditional UPDATE, so two hooks
 * racing on the same job cannot both announce it.
 */
import { parkedQuestion } from "./ask-back.ts";
import type { JobStore } from "./store.ts";
import { type Job, type JobKind, jobRowSchema, LIST_COLUMNS } from "./types.ts";

export type NoticeColumn = "announced_at" | "noticed_at";

export interface UnreadQuery {
  codexSession: string;
  /** Not yet marked in this column. */
  unmarked: NoticeColumn;
  /** Only jobs that finished at or after this time. */
  finishedSince?: number;
  /** Kinds that are never announced (the stop gate's own jobs are shown where they run). */
  excludeKinds?: readonly JobKind[];
  limit?: number;
}

/** Finished (completed or failed) or parked on a question (needs-input), unread, unmarked jobs of a session, newest first. */
export function unreadFinished(store: JobStore, q: UnreadQuery): Job[] {
  const excluded = q.excludeKinds ?? [];
  const sql = `SELECT ${LIST_COLUMNS} FROM jobs
    WHERE codex_session = ? AND status IN ('completed','failed','needs-input') AND read_at IS NULL AND ${q.unmarked} IS NULL
      AND finished_at >= ?${excluded.length ? ` AND kind NOT IN (${excluded.map(() => "?").join(", ")})` : ""}
    ORDER BY finished_at DESC LIMIT ?`;
  const rows = store.db.query(sql).all(q.codexSession, q.finishedSince ?? 0, ...excluded, q.limit ?? 50) as Record<string, unknown>[];
  return rows.flatMap((row) => {
    const parsed = jobRowSchema.safeParse(row);
    return parsed.success ? [parsed.data] : []; // an unreadable row is `cc status`'s to report, not a hook's
  });
}

/** Which of these jobs have already been shown to the user (noticed_at set). */
export function noticedIds(store: JobStore, ids: readonly string[]): Set<string> {
  if (ids.length === 0) return new Set();
  const rows = store.db.query(`SELECT id FROM jobs WHERE noticed_at IS NOT NULL AND id IN (${ids.map(() => "?").join(", ")})`).all(...ids) as { id: string }[];
  return new Set(rows.map((r) => r.id));
}

/** Mark jobs in `column`; returns the ids this call marked (those another process marked first are left out). */
export function markNoticed(store: Pick<JobStore, "db">, ids: readonly string[], column: NoticeColumn, now = Date.now()): string[] {
  const mark = store.db.query(`UPDATE jobs SET ${column} = ? WHERE id = ? AND ${column} IS NULL`);
  return store.db.transaction(() => ids.filter((id) => mark.run(now, id).changes === 1)).immediate();
}

/** Queued or running jobs of a session. */
export function activeOfSession(store: Pick<JobStore, "db">, codexSession: string): Job[] {
  const rows = store.db
    .query(`SELECT ${LIST_COLUMNS} FROM jobs WHERE codex_session = ? AND status IN ('queued','running') ORDER BY created_at DESC`)
    .all(codexSession) as Record<string, unknown>[];
  return rows.flatMap((row) => {
    const parsed = jobRowSchema.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Jobs of a session cancelled because it ended, that nobody has been told about yet. */
export function cancelledAtSessionEnd(store: Pick<JobStore, "db">, codexSession: string, reasons: readonly string[]): Job[] {
  const rows = store.db
    .query(
      `SELECT ${LIST_COLUMNS} FROM jobs WHERE codex_session = ? AND status = 'cancelled' AND noticed_at IS NULL AND error_message IN (${reasons.map(() => "?").join(", ")}) ORDER BY finished_at DESC`,
    )
    .all(codexSession, ...reasons) as Record<string, unknown>[];
  return rows.flatMap((row) => {
    const parsed = jobRowSchema.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The questions of the parked jobs among these (the listing reads no result text). */
export function questionsOf(store: JobStore, jobs: readonly Job[]): Map<string, string> {
  const parked = jobs.filter((j) => j.status === "needs-input").map((j) => j.id);
  if (parked.length === 0) return new Map();
  const rows = store.db.query(`SELECT id, result_text AS text FROM jobs WHERE id IN (${parked.map(() => "?").join(", ")})`).all(...parked) as {
    id: string;
    text: string | null;
  }[];
  return new Map(
    rows.flatMap((r) => {
      const question = parkedQuestion(r.text);
      return question ? [[r.id, question] as const] : [];
    }),
  );
}
