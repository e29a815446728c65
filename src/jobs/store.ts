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
import { withDatabaseErrors } from "./db.ts";
import { openDatabase } from "./db-file.ts";
import { newJobId } from "./ids.ts";
import { countJobs, filterSql, type JobFilter, streamJobs, streamListings } from "./listing.ts";
import { parseJobRow, tryParseJobRow } from "./row.ts";
import {
  ACTIVE_STATUSES,
  type EndStatus,
  FINISHED_STATUSES,
  JOB_COLUMNS,
  type Job,
  type JobKind,
  type JobListing,
  type JobProgress,
  type JobRequest,
  type JobStatus,
  jobRequestSchema,
  LIST_COLUMNS,
  sqlStatuses,
} from "./types.ts";

export interface NewJob {
  /** A caller that must name things after the job before it runs (a rescue's worktree) picks the id. */
  id?: string;
  kind: JobKind;
  summary: string;
  workspaceRoot: string;
  cwd: string;
  codexSession: string | null;
  request: JobRequest;
  /** The kind's own data for its finisher and renderer (see Job.kindInput). */
  kindInput?: unknown;
}

export type { JobFilter } from "./listing.ts";

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

/** A finished, read job housekeeping may delete, unless its kind keeps it. */
export interface PrunableJob extends PrunedJob {
  workspaceRoot: string;
  createdAt: number;
  finishedAt: number;
  /** What the kind's finisher stored (a rescue's changed files, later its worktree). */
  kindOutput: unknown;
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
      const id = input.id ?? newJobId(input.kind);
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
        if (!unique || attempt >= 5 || input.id) throw error;
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
    const { where, params } = filterSql(filter);
    return this.rows(`SELECT ${LIST_COLUMNS} FROM jobs WHERE ${where} ORDER BY created_at DESC, id LIMIT ?`, ...params, limit);
  }

  /** One job as a listing reads it (its big columns null), or null: damaged, skipped and named in a warning. */
  private listed = (id: string): Job | null => this.rows(`SELECT ${LIST_COLUMNS} FROM jobs WHERE id = ?`, id)[0] ?? null;

  /**
   * The same rows as `list`, one at a time (`cc status --json --all` streams them: memory does not
   * grow with the history), read without the job model but for the few rows that need it
   * (listing.ts). A damaged row is skipped and named in a warning.
   */
  iterate(filter: JobFilter): Generator<Job> {
    return streamJobs(this.db, filter, this.listed);
  }

  /** Every job of a filter as the list shows it, newest first, one at a time (`cc status --all`), the same way. */
  listings(filter: JobFilter): Generator<JobListing> {
    return streamListings(this.db, filter, this.listed);
  }

  /** Run `fn` in one read transaction: every query inside sees the same snapshot of the store. */
  snapshot<T>(fn: () => T): T {
    this.guard(() => this.db.exec("BEGIN"));
    try {
      return fn();
    } finally {
      this.guard(() => this.db.exec("COMMIT"));
    }
  }

  count(filter: JobFilter): number {
    return this.guard(() => countJobs(this.db, filter));
  }

  /** Every queued or running job, of any workspace (the partial index keeps this cheap). */
  active(): Job[] {
    return this.rows(`SELECT ${LIST_COLUMNS} FROM jobs WHERE status IN (${ACTIVE}) ORDER BY created_at DESC`);
  }

  /** The newest finished job of a filter. */
  latestFinished(filter: JobFilter): Job | null {
    const { where, params } = filterSql(filter);
    // The newest readable one: a damaged row is skipped (and named), not allowed to hide the rest.
    const rows = this.guard(() =>
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
    // A range scan on the primary key, read in its order (a short prefix matches much of the
    // history: no sort of all of them); ids use [a-z0-9-], all below '~'. Newest first among those.
    const jobs = this.rows(`SELECT ${LIST_COLUMNS} FROM jobs WHERE id >= ? AND id < ? ORDER BY id LIMIT ?`, prefix, `${prefix}~`, limit);
    return jobs.sort((a, b) => b.createdAt - a.createdAt);
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

  /**
   * queued → running only while `admit` accepts the workspace's running jobs (a per-workspace cap),
   * read and claimed in one write transaction so two workers cannot both take the last slot.
   */
  startIfAdmitted(id: string, workerPid: number, workerStart: string | null, admit: (running: Job[]) => boolean): "started" | "full" | "gone" {
    return this.guard(() =>
      this.db
        .transaction(() => {
          const job = this.get(id);
          if (job?.status !== "queued") return "gone" as const;
          const running = this.rows(`SELECT ${JOB_COLUMNS} FROM jobs WHERE workspace_root = ? AND status = ${RUNNING}`, job.workspaceRoot);
          if (!admit(running)) return "full" as const;
          return this.start(id, workerPid, workerStart) ? ("started" as const) : ("gone" as const);
        })
        .immediate(),
    );
  }

  /** claude started: what a cancel from another process needs, and the session that resumes the work. */
  recordClaude(
    id: string,
    info: { claudePid: number; claudeStart: string | null; runMarker: string; claudeSession: string; resumeCommand: string | null },
  ): boolean {
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
  end(id: string, from: readonly JobStatus[], status: EndStatus, final: JobEnding, now = Date.now()): boolean {
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
    // A parked job's question, once shown, is read too: the hooks do not bring it up again.
    this.guard(() => this.db.query(`UPDATE jobs SET read_at = coalesce(read_at, ?) WHERE id = ? AND status IN (${FINISHED},'needs-input')`).run(now, id));
  }

  /**
   * Finished, read jobs that finished before `before`, oldest first, after the `after` cursor
   * (finished_at, id) of the previous batch: housekeeping's candidates (a partial index of read
   * jobs by age serves it).
   */
  prunable(before: number, after: { finishedAt: number; id: string } | null, limit: number): PrunableJob[] {
    const cursor = after ? "AND (finished_at > ? OR (finished_at = ? AND id > ?))" : "";
    const params = after ? [before, after.finishedAt, after.finishedAt, after.id, limit] : [before, limit];
    const rows = this.guard(() =>
      this.db
        .query(
          `SELECT id, kind, cwd, log_path AS logPath, meta_json AS kindInputJson, extra_json AS kindOutputJson, workspace_root AS workspaceRoot,
             created_at AS createdAt, finished_at AS finishedAt
           FROM jobs WHERE read_at IS NOT NULL AND status IN (${FINISHED}) AND finished_at < ? ${cursor}
           ORDER BY finished_at, id LIMIT ?`,
        )
        .all(...params),
    ) as (Omit<PrunableJob, "kindInput" | "kindOutput"> & { kindInputJson: string | null; kindOutputJson: string | null })[];
    return rows.map(({ kindInputJson, kindOutputJson, ...row }) => ({
      ...row,
      kindInput: parseLoosely(kindInputJson),
      kindOutput: parseLoosely(kindOutputJson),
    }));
  }

  /** created_at of the `rank`-th newest job of a workspace (1 = the newest); null when it has fewer. */
  createdAtOfRank(workspaceRoot: string, rank: number): number | null {
    if (rank < 1) return Infinity;
    const row = this.guard(() =>
      this.db
        .query("SELECT created_at AS createdAt FROM jobs WHERE workspace_root = ? ORDER BY created_at DESC, id LIMIT 1 OFFSET ?")
        .get(workspaceRoot, rank - 1),
    ) as { createdAt: number } | null;
    return row?.createdAt ?? null;
  }

  /** Delete these jobs if they are still finished and read (the user may have just opened one). Returns the ids deleted. */
  deleteIfFinishedAndRead(ids: readonly string[]): string[] {
    const del = this.db.query(`DELETE FROM jobs WHERE id = ? AND read_at IS NOT NULL AND status IN (${FINISHED})`);
    const delMessages = this.db.query("DELETE FROM job_messages WHERE job_id = ?");
    const deleted = (id: string) => {
      if (del.run(id).changes !== 1) return false;
      delMessages.run(id);
      return true;
    };
    return this.guard(() => this.db.transaction(() => ids.filter(deleted)).immediate());
  }

  /** Claim housekeeping's run if the last one is at least `everyMs` old (one claimant among racing processes). */
  claimHousekeeping(now: number, everyMs: number): boolean {
    const r = this.guard(() => this.db.query("UPDATE housekeeping SET last_run_at = ? WHERE id = 1 AND last_run_at <= ?").run(now, now - everyMs));
    return r.changes === 1;
  }

  /**
   * Delete finished, read jobs that finished before `before`, except those `spare` keeps (a kind's
   * work the user has not taken yet, src/kinds.ts). Returns what was removed (for their logs).
   */
  prune(filter: { workspaceRoot: string | null }, before: number, spare: (job: PrunedJob) => boolean = () => false): PrunedJob[] {
    const where = `status IN (${FINISHED}) AND read_at IS NOT NULL AND finished_at < ?${filter.workspaceRoot === null ? "" : " AND workspace_root = ?"}`;
    const params = filter.workspaceRoot === null ? [before] : [before, filter.workspaceRoot];
    return this.guard(() =>
      this.db
        .transaction(() => {
          const rows = this.db.query(`SELECT id, kind, cwd, log_path AS logPath, meta_json AS kindInputJson FROM jobs WHERE ${where}`).all(...params) as (Omit<
            PrunedJob,
            "kindInput"
          > & { kindInputJson: string | null })[];
          const victims = rows.map(({ kindInputJson, ...row }) => ({ ...row, kindInput: parseLoosely(kindInputJson) })).filter((job) => !spare(job));
          const removeMessages = this.db.query("DELETE FROM job_messages WHERE job_id = ?");
          const remove = this.db.query("DELETE FROM jobs WHERE id = ?");
          for (const job of victims) {
            removeMessages.run(job.id);
            remove.run(job.id);
          }
          return victims;
        })
        .immediate(),
    );
  }
}
