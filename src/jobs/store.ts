/**
 * The job store: every read and write of the `jobs` table. Each status change is one conditional
 * UPDATE (`… WHERE id = ? AND status IN (…)`), so two processes racing on a job cannot both win, and
 * a job that reached a final status never leaves it.
 * One file past 300 lines on purpose: every statement that writes the table is here, so the rule
 * above is checked by reading one class (parsing lives in row.ts, the schema in db.ts).
 */
import type { Database } from "bun:sqlite";
import { join } from "node:path";
import { CcError } from "../lib/errors.ts";
import { databasePath, logsDir } from "../lib/paths.ts";
import { warn } from "../lib/warnings.ts";
import { parseJobRow, tryParseJobRow } from "./row.ts";
import { openDatabase, withDatabaseErrors } from "./db.ts";
import { newJobId } from "./ids.ts";
import {
  ACTIVE_STATUSES,
  FINISHED_STATUSES,
  JOB_COLUMNS,
  sqlStatuses,
  type FinishedStatus,
  LIST_COLUMNS,
  jobRequestSchema,
  type Job,
  type JobKind,
  type JobProgress,
  type JobRequest,
  type JobStatus,
} from "./types.ts";

export interface NewJob {
  kind: JobKind;
  summary: string;
  workspaceRoot: string;
  cwd: string;
  codexSession: string | null;
  request: JobRequest;
  /** The kind's own data for its finisher and renderer (see Job.kindInput). */
  kindInput?: unknown;
}

/** Which jobs a listing holds: one Codex session's, or the whole workspace's. */
export interface JobFilter {
  workspaceRoot: string;
  /** null: every job of the workspace. */
  codexSession: string | null;
}

/** What a run ended with; written together with the final status in one statement. */
export interface JobEnding {
  resultText?: string | null;
  structuredOutput?: unknown;
  kindOutput?: unknown;
  summary?: string;
  costUsd?: number | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  turns?: number | null;
  model?: string | null;
  claudeSession?: string | null;
  resumeCommand?: string | null;
  errorClass?: string | null;
  errorMessage?: string | null;
}

const ACTIVE = sqlStatuses(ACTIVE_STATUSES);
const FINISHED = sqlStatuses(FINISHED_STATUSES);
const QUEUED = sqlStatuses(["queued"]);
const RUNNING = sqlStatuses(["running"]);
const toJson = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** A deleted job, handed to the kind's clean-up (a rescue's snapshot refs). */
export interface PrunedJob {
  id: string;
  kind: JobKind;
  cwd: string;
  logPath: string;
  kindInput: unknown;
}

const parseLoosely = (text: string | null): unknown => {
  try {
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
};

export class JobStore {
  readonly db: Database;
  readonly path: string;

  constructor(path: string = databasePath()) {
    this.path = path;
    this.db = openDatabase(path);
  }

  private guard<T>(fn: () => T): T {
    return withDatabaseErrors(this.path, fn);
  }

  private parse(row: unknown): Job {
    return parseJobRow(row, this.path);
  }

  /** A listing: a damaged row is skipped and named in a warning, so one bad row cannot hide the rest. */
  private rows(sql: string, ...params: (string | number | null)[]): Job[] {
    const jobs: Job[] = [];
    for (const row of this.guard(() => this.db.query(sql).all(...params))) {
      const r = tryParseJobRow(row, this.path);
      if ("job" in r) jobs.push(r.job);
      else warn(`skipped ${r.problem}`);
    }
    return jobs;
  }

  insert(input: NewJob, now = Date.now()): Job {
    const request = jobRequestSchema.parse(input.request);
    for (let attempt = 0; ; attempt++) {
      const id = newJobId(input.kind);
      const logPath = join(logsDir(), `${id}.log`);
      try {
        this.guard(() =>
          this.db
            .query(
              `INSERT INTO jobs (id, kind, status, workspace_root, cwd, codex_session, created_at, model, effort, profile, summary, request_json, meta_json, log_path)
               VALUES (?, ?, ${QUEUED}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              id,
              input.kind,
              input.workspaceRoot,
              input.cwd,
              input.codexSession,
              now,
              request.model ?? null,
              request.effort ?? null,
              request.profile,
              input.summary,
              JSON.stringify(request),
              toJson(input.kindInput),
              logPath,
            ),
        );
        return this.get(id)!;
      } catch (error) {
        const unique = /UNIQUE constraint failed: jobs\.id/.test(String((error as Error).message ?? ""));
        if (!unique || attempt >= 5) throw error;
      }
    }
  }

  /** One job; a damaged row is an error naming it (the user asked for exactly this one). */
  get(id: string): Job | null {
    const row = this.guard(() => this.db.query(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`).get(id));
    return row ? this.parse(row) : null;
  }

  request(id: string): JobRequest {
    const row = this.guard(() => this.db.query("SELECT request_json FROM jobs WHERE id = ?").get(id)) as { request_json: string } | null;
    if (!row) throw new CcError(`no job ${id}`);
    const parsed = jobRequestSchema.safeParse(JSON.parse(row.request_json));
    if (!parsed.success) throw new CcError(`job ${id} has an unreadable request: ${parsed.error.issues[0]!.message}`);
    return parsed.data;
  }

  /** Newest first. */
  list(filter: JobFilter, limit = -1): Job[] {
    if (filter.codexSession === null) {
      return this.rows(`SELECT ${LIST_COLUMNS} FROM jobs WHERE workspace_root = ? ORDER BY created_at DESC, id LIMIT ?`, filter.workspaceRoot, limit);
    }
    return this.rows(
      `SELECT ${LIST_COLUMNS} FROM jobs WHERE codex_session = ? AND workspace_root = ? ORDER BY created_at DESC, id LIMIT ?`,
      filter.codexSession,
      filter.workspaceRoot,
      limit,
    );
  }

  count(filter: JobFilter): number {
    const row =
      filter.codexSession === null
        ? this.guard(() => this.db.query("SELECT count(*) AS n FROM jobs WHERE workspace_root = ?").get(filter.workspaceRoot))
        : this.guard(() => this.db.query("SELECT count(*) AS n FROM jobs WHERE codex_session = ? AND workspace_root = ?").get(filter.codexSession, filter.workspaceRoot));
    return (row as { n: number }).n;
  }

  /** Every queued or running job, of any workspace (the partial index keeps this cheap). */
  active(): Job[] {
    return this.rows(`SELECT ${LIST_COLUMNS} FROM jobs WHERE status IN (${ACTIVE}) ORDER BY created_at DESC`);
  }

  /** The newest finished job of a filter. */
  latestFinished(filter: JobFilter): Job | null {
    const where = filter.codexSession === null ? "workspace_root = ?" : "codex_session = ? AND workspace_root = ?";
    const params = filter.codexSession === null ? [filter.workspaceRoot] : [filter.codexSession, filter.workspaceRoot];
    // The newest readable one: a damaged row is skipped (and named), not allowed to hide the rest.
    const rows = this.guard(
      () =>
        this.db
          .query(`SELECT ${JOB_COLUMNS} FROM jobs WHERE ${where} AND status IN (${FINISHED}) ORDER BY finished_at DESC, created_at DESC LIMIT 20`)
          .all(...params),
    );
    for (const row of rows) {
      const r = tryParseJobRow(row, this.path);
      if ("job" in r) return r.job;
      warn(`skipped ${r.problem}`);
    }
    return null;
  }

  /** Jobs whose id starts with `prefix` (an exact id matches itself only). */
  byPrefix(prefix: string, limit = 20): Job[] {
    // A range scan on the primary key; ids use [a-z0-9-], all below '~'.
    return this.rows(`SELECT ${LIST_COLUMNS} FROM jobs WHERE id >= ? AND id < ? ORDER BY created_at DESC LIMIT ?`, prefix, `${prefix}~`, limit);
  }

  /** Only the launcher knows the worker's pid before the worker runs: lets reconcile spot a worker that died at birth. */
  setLauncherPid(id: string, pid: number): void {
    this.guard(() => this.db.query(`UPDATE jobs SET worker_pid = ? WHERE id = ? AND status = ${QUEUED}`).run(pid, id));
  }

  /** queued → running, claiming the job for this process. False when someone else got there first. */
  start(id: string, workerPid: number, workerStart: string | null, now = Date.now()): boolean {
    const r = this.guard(() =>
      this.db
        .query(
          `UPDATE jobs SET status = ${RUNNING}, started_at = ?, heartbeat_at = ?, worker_pid = ?, worker_start = ?, progress = ?
           WHERE id = ? AND status = ${QUEUED}`,
        )
        .run(now, now, workerPid, workerStart, JSON.stringify({ currentTool: null, toolCalls: 0, turns: 0, lastText: null, retries: 0 }), id),
    );
    return r.changes === 1;
  }

  /** claude started: what a cancel from another process needs, and the session that resumes the work. */
  recordClaude(id: string, info: { claudePid: number; claudeStart: string | null; runMarker: string; claudeSession: string; resumeCommand: string | null }): boolean {
    const r = this.guard(() =>
      this.db
        .query(
          `UPDATE jobs SET claude_pid = ?, claude_start = ?, run_marker = ?, claude_session = ?, resume_command = ?, heartbeat_at = ?
           WHERE id = ? AND status = ${RUNNING}`,
        )
        .run(info.claudePid, info.claudeStart, info.runMarker, info.claudeSession, info.resumeCommand, Date.now(), id),
    );
    return r.changes === 1;
  }

  progress(id: string, progress: JobProgress, extra: { claudeSession?: string; model?: string } = {}): void {
    this.guard(() =>
      this.db
        .query(
          `UPDATE jobs SET progress = ?, heartbeat_at = ?, claude_session = coalesce(?, claude_session), model = coalesce(?, model)
           WHERE id = ? AND status = ${RUNNING}`,
        )
        .run(JSON.stringify(progress), Date.now(), extra.claudeSession ?? null, extra.model ?? null, id),
    );
  }

  heartbeat(id: string, now = Date.now()): void {
    this.guard(() => this.db.query(`UPDATE jobs SET heartbeat_at = ? WHERE id = ? AND status = ${RUNNING}`).run(now, id));
  }

  /**
   * Move a job from one of `from` to a final status, with everything the run produced, in one
   * statement. False when the job was no longer in `from` (cancelled, reconciled, finished).
   */
  end(id: string, from: readonly JobStatus[], status: FinishedStatus, final: JobEnding, now = Date.now()): boolean {
    const placeholders = from.map(() => "?").join(", ");
    const r = this.guard(() =>
      this.db
        .query(
          `UPDATE jobs SET status = ?, finished_at = ?,
             result_text = coalesce(?, result_text), result_json = coalesce(?, result_json), extra_json = coalesce(?, extra_json),
             summary = coalesce(?, summary), cost_usd = coalesce(?, cost_usd), input_tokens = coalesce(?, input_tokens),
             output_tokens = coalesce(?, output_tokens), turns = coalesce(?, turns), model = coalesce(?, model),
             claude_session = coalesce(?, claude_session), resume_command = coalesce(?, resume_command),
             error_class = ?, error_message = ?
           WHERE id = ? AND status IN (${placeholders})`,
        )
        .run(
          status,
          now,
          final.resultText ?? null,
          toJson(final.structuredOutput),
          toJson(final.kindOutput),
          final.summary ?? null,
          final.costUsd ?? null,
          final.inputTokens ?? null,
          final.outputTokens ?? null,
          final.turns ?? null,
          final.model ?? null,
          final.claudeSession ?? null,
          final.resumeCommand ?? null,
          final.errorClass ?? null,
          final.errorMessage ?? null,
          id,
          ...from,
        ),
    );
    return r.changes === 1;
  }

  /** Note that the user asked to cancel, so a worker that dies from the signal is recorded as cancelled. */
  requestCancel(id: string, now = Date.now()): boolean {
    const r = this.guard(() =>
      this.db.query(`UPDATE jobs SET cancel_requested_at = coalesce(cancel_requested_at, ?) WHERE id = ? AND status IN (${ACTIVE})`).run(now, id),
    );
    return r.changes === 1;
  }

  markRead(id: string, now = Date.now()): void {
    this.guard(() => this.db.query(`UPDATE jobs SET read_at = coalesce(read_at, ?) WHERE id = ? AND status IN (${FINISHED})`).run(now, id));
  }

  /** Delete finished, read jobs that finished before `before`. Returns what was removed (for their logs). */
  prune(filter: { workspaceRoot: string | null }, before: number): PrunedJob[] {
    const where = `status IN (${FINISHED}) AND read_at IS NOT NULL AND finished_at < ?${filter.workspaceRoot === null ? "" : " AND workspace_root = ?"}`;
    const params = filter.workspaceRoot === null ? [before] : [before, filter.workspaceRoot];
    return this.guard(() =>
      this.db
        .transaction(() => {
          const rows = this.db.query(`SELECT id, kind, cwd, log_path AS logPath, meta_json AS kindInputJson FROM jobs WHERE ${where}`).all(...params) as (Omit<PrunedJob, "kindInput"> & { kindInputJson: string | null })[];
          const victims = rows.map(({ kindInputJson, ...row }) => ({ ...row, kindInput: parseLoosely(kindInputJson) }));
          this.db.query(`DELETE FROM jobs WHERE ${where}`).run(...params);
          return victims;
        })
        .immediate(),
    );
  }
}
