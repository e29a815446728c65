/**
 * cc's job database, `<data dir>/cc.db`: its schema (`MIGRATIONS`, versioned by
 * `PRAGMA user_version`), the process's one connection, and the errors SQLite's failures become.
 * Creating, checking and migrating the file on disk is src/jobs/db-file.ts (`openDatabase`); this
 * module loads without node:fs, so a hook can open an existing, current store cheaply
 * (`openExistingDatabase`).
 */
import { constants, Database } from "bun:sqlite";
import { CcError } from "../lib/errors.ts";
import { describeFsError } from "../lib/fs-errors.ts";
import { parentDir } from "../lib/path-text.ts";
import { conversationMigration } from "./messages-schema.ts";
import { isPrivateStore } from "./private-store.ts";
import { ACTIVE_STATUSES, FINISHED_STATUSES, sqlStatuses } from "./statuses.ts";

/** The statuses the first schema allowed, spelled as they shipped (later statuses are added by a migration). */
const SHIPPED_STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;

/**
 * Each entry moves the schema from version i to i + 1. Append only; never edit a shipped one (the
 * interpolated status lists expand to the text that shipped). An entry is SQL, or a function for a
 * change SQL alone cannot make self-contained (rebuilding a table whose columns other entries add).
 */
export const MIGRATIONS: (string | ((db: Database) => void))[] = [
  `CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN (${sqlStatuses(SHIPPED_STATUSES)})),
     workspace_root TEXT NOT NULL,
     cwd TEXT NOT NULL,
     codex_session TEXT,
     created_at INTEGER NOT NULL,
     started_at INTEGER,
     finished_at INTEGER,
     heartbeat_at INTEGER,
     worker_pid INTEGER,
     worker_start TEXT,
     claude_pid INTEGER,
     claude_start TEXT,
     run_marker TEXT,
     claude_session TEXT,
     model TEXT,
     effort TEXT,
     profile TEXT NOT NULL,
     summary TEXT NOT NULL,
     progress TEXT,
     request_json TEXT NOT NULL,
     result_text TEXT,
     result_json TEXT,
     extra_json TEXT,
     meta_json TEXT,
     cost_usd REAL,
     input_tokens INTEGER,
     output_tokens INTEGER,
     turns INTEGER,
     error_class TEXT,
     error_message TEXT,
     resume_command TEXT,
     cancel_requested_at INTEGER,
     read_at INTEGER,
     log_path TEXT NOT NULL
   );
   CREATE INDEX jobs_by_workspace ON jobs (workspace_root, created_at DESC);
   CREATE INDEX jobs_by_session ON jobs (codex_session, created_at DESC);
   CREATE INDEX jobs_active ON jobs (status) WHERE status IN (${sqlStatuses(ACTIVE_STATUSES)});`,
  // Hooks: which finished jobs the model was pointed at (announced_at) and the user was told about
  // (noticed_at), and one row per Codex session (src/jobs/sessions.ts).
  `ALTER TABLE jobs ADD COLUMN announced_at INTEGER;
   ALTER TABLE jobs ADD COLUMN noticed_at INTEGER;
   CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     cwd TEXT NOT NULL,
     transcript_path TEXT,
     source TEXT,
     origin TEXT,
     started_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     ended_at INTEGER,
     turn_id TEXT,
     turn_started_at INTEGER,
     baseline_json TEXT,
     gate_blocks INTEGER NOT NULL DEFAULT 0
   );
   -- The hooks' question on every prompt and stop: does this session have unread results? Only
   -- unread finished jobs are in this index, so the answer does not grow with the job history.
   CREATE INDEX jobs_unread ON jobs (codex_session, finished_at) WHERE read_at IS NULL AND status IN (${sqlStatuses(["completed", "failed"])});`,
  // `cc review --since-last`: per repository and reviewed ref or pull request, the last reviewed
  // commit and the job holding that review's findings (src/review/marks.ts).
  `CREATE TABLE IF NOT EXISTS review_marks (
     repo TEXT NOT NULL,
     target TEXT NOT NULL,
     commit_sha TEXT NOT NULL,
     job_id TEXT NOT NULL,
     reviewed_at INTEGER NOT NULL,
     PRIMARY KEY (repo, target)
   );`,
  // A job's state after its run, kept by its kind (a rescue's worktree: held, applied, discarded),
  // changed by later commands; src/jobs/kind-state.ts.
  `CREATE TABLE IF NOT EXISTS job_kind_state (
     job_id TEXT PRIMARY KEY,
     state_json TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
  // Every hot query reads only the rows it shows (test/integration/query-plans.test.ts): a session's
  // list and its count, the workspace's list (`--all`) in display order, the newest finished job of a
  // session or workspace (`cc result`), unread results of other sessions (the line `cc status` and
  // `cc result` show after a Codex restart; covering, so counting them reads no job), a session's
  // running jobs and the results its hooks have not yet announced or noticed (asked on every prompt
  // and stop: results nobody read but the hooks already told about are history too), and
  // housekeeping's read, finished jobs by age. jobs_by_session, jobs_by_workspace and jobs_unread
  // are superseded.
  `DROP INDEX IF EXISTS jobs_by_session;
   DROP INDEX IF EXISTS jobs_by_workspace;
   CREATE INDEX IF NOT EXISTS jobs_session_list ON jobs (codex_session, workspace_root, created_at DESC, id);
   CREATE INDEX IF NOT EXISTS jobs_workspace_list ON jobs (workspace_root, created_at DESC, id);
   CREATE INDEX IF NOT EXISTS jobs_session_finished ON jobs (codex_session, workspace_root, finished_at DESC, created_at DESC)
     WHERE status IN (${sqlStatuses(FINISHED_STATUSES)});
   CREATE INDEX IF NOT EXISTS jobs_workspace_finished ON jobs (workspace_root, finished_at DESC, created_at DESC)
     WHERE status IN (${sqlStatuses(FINISHED_STATUSES)});
   CREATE INDEX IF NOT EXISTS jobs_workspace_unread ON jobs (workspace_root, finished_at DESC, created_at DESC, codex_session, status, read_at)
     WHERE read_at IS NULL AND status IN (${sqlStatuses(["completed", "failed"])});
   DROP INDEX IF EXISTS jobs_unread;
   CREATE INDEX IF NOT EXISTS jobs_unannounced ON jobs (codex_session, finished_at)
     WHERE read_at IS NULL AND announced_at IS NULL AND status IN (${sqlStatuses(["completed", "failed", "needs-input"])});
   CREATE INDEX IF NOT EXISTS jobs_unnoticed ON jobs (codex_session, finished_at)
     WHERE read_at IS NULL AND noticed_at IS NULL AND status IN (${sqlStatuses(["completed", "failed", "needs-input"])});
   CREATE INDEX IF NOT EXISTS jobs_cancelled_unnoticed ON jobs (codex_session, finished_at)
     WHERE status = 'cancelled' AND noticed_at IS NULL;
   CREATE INDEX IF NOT EXISTS jobs_active_by_session ON jobs (codex_session, created_at DESC)
     WHERE status IN (${sqlStatuses(ACTIVE_STATUSES)});
   CREATE INDEX IF NOT EXISTS jobs_read_by_age ON jobs (finished_at, id)
     WHERE read_at IS NOT NULL AND status IN (${sqlStatuses(FINISHED_STATUSES)});
   -- When automatic housekeeping last ran (src/housekeeping.ts): one row, claimed by a conditional UPDATE.
   CREATE TABLE IF NOT EXISTS housekeeping (id INTEGER PRIMARY KEY CHECK (id = 1), last_run_at INTEGER NOT NULL);
   INSERT OR IGNORE INTO housekeeping (id, last_run_at) VALUES (1, 0);`,
  // Conversations (issue 28): the `needs-input` status and the messages sent to a job (src/jobs/messages.ts).
  // A function: it rebuilds the jobs table (new CHECK) with whatever columns and indexes the entries before it made.
  conversationMigration,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export function busyTimeoutMs(): number {
  const raw = process.env.CC_DB_BUSY_TIMEOUT_MS;
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_BUSY_TIMEOUT_MS;
}

/** Turn SQLite's failures into messages that name the file and the fix. */
export function databaseError(error: unknown, path: string): unknown {
  const code = (error as { code?: string }).code ?? "";
  const message = (error as Error).message ?? String(error);
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED") || /database is locked/i.test(message)) {
    return new CcError(`cc's job database is locked by another process: ${path}`, {
      hint: "Another cc is holding it longer than expected. Retry in a moment; if it persists, find the process with `fuser` or `lsof` on that file.",
      cause: error,
    });
  }
  if (code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB") || /malformed|not a database/i.test(message)) {
    return new CcError(`cc's job database is damaged: ${path} (${message})`, {
      hint: `cc left it untouched. Move it aside (mv '${path}' '${path}.damaged') and cc starts a new, empty one; the old file can be inspected or repaired with \`sqlite3 '${path}.damaged' .recover\`.`,
      cause: error,
    });
  }
  if (code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_READONLY") || code.startsWith("SQLITE_PERM")) {
    return new CcError(`cannot open cc's job database ${path}: ${message}`, {
      hint: `Check that ${parentDir(path)} exists and is writable by you (cc creates it with mode 0700).`,
      cause: error,
    });
  }
  const problem = describeFsError(error, path);
  if (problem) return new CcError(`cc's job database: ${problem.message}`, { hint: problem.hint, cause: error });
  return error;
}

let cached: { path: string; db: Database } | null = null;

/** The connection this process opened to `path`, if any. */
export const cachedDatabase = (path: string): Database | null => (cached?.path === path ? cached.db : null);

/**
 * Settings every connection gets. (WAL, which lives in the file, is set once by the full road,
 * db-file.ts: a store at the current schema has been through it.)
 */
export function configureConnection(db: Database, busyMs: number = busyTimeoutMs()): void {
  // The WAL and its index stay when the last connection closes: every cc process is short and often
  // the only one, so otherwise each would delete both at its exit and the next recreate them.
  db.fileControl(constants.SQLITE_FCNTL_PERSIST_WAL, 1);
  // One statement list, not one call each: every prompt's hook and `cc status` open a connection.
  db.exec(`PRAGMA busy_timeout = ${busyMs}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON`);
}

/** Keep `db` as this process's connection to `path` (every later open returns it). */
export function keepConnection(path: string, db: Database): Database {
  cached = { path, db };
  return db;
}

/**
 * The store at `path` when it already exists as a regular file at the current schema (the common
 * case), opened without creating, checking or migrating anything; else null, and the caller takes
 * the full road (db-file.ts `openDatabase`). SQLite refuses a symbolic link here (NOFOLLOW), and a
 * device or a new file reads as schema 0. (Flags instead of bun's `strict` option: cc binds no
 * named parameters, the only difference.)
 */
export function openExistingDatabase(path: string, busyMs?: number): Database | null {
  const open = cachedDatabase(path);
  if (open) return open;
  let db: Database | undefined;
  try {
    db = new Database(path, constants.SQLITE_OPEN_READWRITE | constants.SQLITE_OPEN_NOFOLLOW);
    const version = (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
    if (version !== SCHEMA_VERSION) throw new Error(`schema ${version}`);
    configureConnection(db, busyMs);
    return keepConnection(path, db);
  } catch {
    db?.close();
    return null;
  }
}

/** `openExistingDatabase` for a store that is the user's own and private (src/jobs/private-store.ts); else null. */
export async function openPrivateExistingDatabase(path: string, busyMs?: number): Promise<Database | null> {
  return cachedDatabase(path) ?? ((await isPrivateStore(path)) ? openExistingDatabase(path, busyMs) : null);
}

/** Run `fn` and translate SQLite failures (locked, corrupt) into user errors. */
export function withDatabaseErrors<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw databaseError(error, path);
  }
}

export function closeDatabase(): void {
  cached?.db.close();
  cached = null;
}
