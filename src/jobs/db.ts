/**
 * Opening cc's job database: `<data dir>/cc.db`, SQLite in WAL mode with a busy timeout, schema
 * versioned by `PRAGMA user_version`. The data dir is created 0700 and the database 0600. A locked or
 * corrupt database is reported with what to do; cc never deletes or overwrites it.
 */
import { Database } from "bun:sqlite";
import { chmodSync, closeSync, lstatSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { CcError } from "../lib/errors.ts";
import { describeFsError } from "../lib/fs-errors.ts";
import { ensurePrivateDir } from "../lib/private-dir.ts";
import { databasePath } from "../lib/paths.ts";
import { ACTIVE_STATUSES, JOB_STATUSES, sqlStatuses } from "./types.ts";
import { terminalHint } from "../lib/invocation.ts";

/**
 * Each entry moves the schema from version i to i + 1. Append only; never edit a shipped one (the
 * interpolated status lists expand to the text that shipped).
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN (${sqlStatuses(JOB_STATUSES)})),
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
];

export const SCHEMA_VERSION = MIGRATIONS.length;

const DEFAULT_BUSY_TIMEOUT_MS = 5000;

function busyTimeoutMs(): number {
  const raw = process.env.CC_DB_BUSY_TIMEOUT_MS;
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_BUSY_TIMEOUT_MS;
}

/** Turn SQLite's failures into messages that name the file and the fix. */
function databaseError(error: unknown, path: string): unknown {
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
      hint: `Check that ${dirname(path)} exists and is writable by you (cc creates it with mode 0700).`,
      cause: error,
    });
  }
  const problem = describeFsError(error, path);
  if (problem) return new CcError(`cc's job database: ${problem.message}`, { hint: problem.hint, cause: error });
  return error;
}

function migrate(db: Database, path: string): void {
  const current = (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
  if (current === SCHEMA_VERSION) return;
  if (current > SCHEMA_VERSION) {
    throw new CcError(`cc's job database ${path} was written by a newer cc (schema ${current}, this cc knows ${SCHEMA_VERSION})`, {
      hint: `Update cc (${terminalHint("update")}), or point CC_DATA_DIR at another directory.`,
    });
  }
  db.transaction(() => {
    // Re-read inside the write lock: another cc may have migrated meanwhile.
    const now = (db.query("PRAGMA user_version").get() as { user_version: number }).user_version;
    for (let v = now; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * The database must be a regular file: a device (`/dev/null`) or a symbolic link swapped in would
 * have SQLite write elsewhere, and the chmod below would change the device.
 */
function assertDatabaseFile(path: string): void {
  try {
    const st = lstatSync(path);
    if (!st.isFile()) {
      throw new CcError(`cc's job database ${path} is not a regular file (${st.isSymbolicLink() ? "a symbolic link" : "a device or other special file"})`, {
        hint: `Move it away (mv '${path}' '${path}.aside') and cc starts a new, empty one.`,
      });
    }
  } catch (error) {
    if (error instanceof CcError) throw error;
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw databaseError(error, path);
    // Create the file ourselves so it is 0600 from the first byte (SQLite would honour the umask).
    try {
      closeSync(openSync(path, "wx", 0o600));
    } catch (creating) {
      if ((creating as NodeJS.ErrnoException).code !== "EEXIST") throw databaseError(creating, path);
    }
  }
}

let cached: { path: string; db: Database } | null = null;

/** The job database of this data dir, opened once per process. */
export function openDatabase(path: string = databasePath()): Database {
  if (cached?.path === path) return cached.db;
  ensurePrivateDir(dirname(path));
  assertDatabaseFile(path);
  let db: Database | undefined;
  try {
    db = new Database(path, { create: true, strict: true });
    db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs()}`);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec("PRAGMA foreign_keys = ON");
    migrate(db, path);
  } catch (error) {
    db?.close();
    throw databaseError(error, path);
  }
  try {
    chmodSync(path, 0o600);
  } catch {
    /* not ours to fix (another user's file would already have failed to open) */
  }
  cached = { path, db };
  return db;
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
