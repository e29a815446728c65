/**
 * Which jobs a listing holds, and the lookups `cc status`'s list makes beside its rows, on a bare
 * connection: no job model (zod), so that the list's quick road (src/commands/_status-quick.ts) can
 * answer without loading it, and `--all` can stream a long history without running it per row. The
 * job store (store.ts) builds its listings on the same filter.
 */
import type { Database } from "bun:sqlite";
import { JOB_KINDS, JOB_STATUSES } from "./statuses.ts";
import type { Job, JobListing, JobProgress } from "./types.ts";

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
/** How often the streams below collect garbage (a full collection takes a few milliseconds here). */
const GC_EVERY_ROWS = 1_000;
/** The keys of the job model's progress (src/jobs/types.ts progressSchema), in its order; the last one may be absent. */
const PROGRESS_KEYS = ["currentTool", "toolCalls", "turns", "lastText", "retries", "lastEventAt"];
const isCount = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isText = (v: unknown) => v === null || typeof v === "string";

/**
 * A progress column as the job model reads it, when it is what cc writes (JSON.stringify of the
 * model's progress: its keys in its order, each of its type), or undefined: only the model can say
 * (another shape, or damaged). The streams below read a long history's progress with this instead of
 * the model: zod run per row costs 5 MiB of compiled code there. test/unit/stored-progress.test.ts
 * holds it to the model.
 */
export function storedProgress(text: string): JobProgress | undefined {
  let p: unknown;
  try {
    p = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof p !== "object" || p === null) return undefined;
  let n = 0;
  for (const key in p) if (key !== PROGRESS_KEYS[n++]) return undefined;
  const o = p as Record<string, unknown>;
  const plain =
    (n === 5 || (n === 6 && (o.lastEventAt === null || Number.isSafeInteger(o.lastEventAt)))) &&
    isText(o.currentTool) &&
    isCount(o.toolCalls) &&
    isCount(o.turns) &&
    isText(o.lastText) &&
    isCount(o.retries);
  return plain ? (p as JobProgress) : undefined;
}

/**
 * Rows of a filter, newest first, one at a time, as the SQL `columns` select them: the long listings
 * (`cc status --all`), whose memory must not grow with the history. Read with no job model: the rows
 * it alone can show or refuse go to `checked`, which reads them with it (null: skipped, as every
 * listing skips a damaged row): a kind or status this cc does not know, progress that is not as cc
 * writes it (storedProgress).
 */
function* stream<T extends { id: string; kind: string; status: string; progress: JobProgress | null }>(
  db: Database,
  filter: JobFilter,
  columns: string,
  checked: (id: string) => T | null,
): Generator<T> {
  const { where, params } = filterSql(filter);
  const rows = db.query(`SELECT ${columns} FROM jobs WHERE ${where} ORDER BY created_at DESC, id`).iterate(...params) as IterableIterator<
    Omit<T, "progress"> & { progress: string | JobProgress | null }
  >;
  let n = 0;
  for (const row of rows) {
    // Each row's memory waits for the collector, which lets the heap grow by MiBs over a long
    // history first: a collection now and then keeps the peak flat.
    if (++n % GC_EVERY_ROWS === 0) Bun.gc(true);
    const progress = row.progress === null ? null : storedProgress(row.progress as string);
    if (progress === undefined || !KNOWN_KINDS.has(row.kind) || !KNOWN_STATUSES.has(row.status)) {
      const job = checked(row.id);
      if (job) yield job;
      continue;
    }
    row.progress = progress;
    yield row as T;
  }
}

/**
 * Every job of a filter as the list shows it (`cc status --all`), newest first, one at a time. A
 * finished job's progress is not shown (render/job-list.ts `progressLine`), so it is read only to
 * skip, as the model does, one that is not JSON.
 */
export function streamListings(db: Database, filter: JobFilter, checked: (id: string) => JobListing | null): Generator<JobListing> {
  return stream(
    db,
    filter,
    `id, kind, status, summary, CASE WHEN status = 'running' OR NOT json_valid(progress) THEN progress END AS progress,
     created_at AS createdAt, started_at AS startedAt, finished_at AS finishedAt, cost_usd AS costUsd, read_at AS readAt`,
    checked,
  );
}

/**
 * Every job of a filter as the job model reads it for a listing (`cc status --json --all`: its big
 * columns, result text and structured outputs, as null), newest first, one at a time; the fields in
 * the model's order, so that JSON.stringify prints the same (test/integration/status-streaming.test.ts).
 */
export function streamJobs(db: Database, filter: JobFilter, checked: (id: string) => Job | null): Generator<Job> {
  return stream(
    db,
    filter,
    `id, kind, status, workspace_root AS workspaceRoot, cwd, codex_session AS codexSession, created_at AS createdAt,
     started_at AS startedAt, finished_at AS finishedAt, heartbeat_at AS heartbeatAt, worker_pid AS workerPid,
     worker_start AS workerStart, claude_pid AS claudePid, claude_start AS claudeStart, run_marker AS runMarker,
     claude_session AS claudeSession, model, effort, profile, summary, progress, NULL AS resultText,
     NULL AS structuredOutput, NULL AS kindOutput, NULL AS kindInput, cost_usd AS costUsd, input_tokens AS inputTokens,
     output_tokens AS outputTokens, turns, error_class AS errorClass, error_message AS errorMessage,
     resume_command AS resumeCommand, cancel_requested_at AS cancelRequestedAt, read_at AS readAt, log_path AS logPath`,
    checked,
  );
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
