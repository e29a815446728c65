/**
 * Opening cc's job database on disk: the data dir is created 0700 and the database 0600, in WAL
 * mode with a busy timeout, migrated to the current schema (src/jobs/db.ts). A locked or corrupt
 * database is reported with what to do; cc never deletes or overwrites it.
 */
import { Database } from "bun:sqlite";
import { chmodSync, closeSync, lstatSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { CcError } from "../lib/errors.ts";
import { terminalHint } from "../lib/invocation.ts";
import { databasePath } from "../lib/paths.ts";
import { ensurePrivateDir } from "../lib/private-dir.ts";
import { busyTimeoutMs, cachedDatabase, configureConnection, databaseError, keepConnection, MIGRATIONS, SCHEMA_VERSION } from "./db.ts";

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
    for (let v = now; v < SCHEMA_VERSION; v++) {
      const step = MIGRATIONS[v]!;
      if (typeof step === "string") db.exec(step);
      else step(db);
    }
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * Turning a new store to WAL needs the file to itself: when two cc start at once on a fresh data dir,
 * SQLite answers the second with SQLITE_BUSY at once, without waiting out the busy timeout (both
 * hold a read lock and want the write lock; one must let go). Retried until that timeout.
 */
function enableWal(db: Database): void {
  const deadline = Date.now() + busyTimeoutMs();
  for (;;) {
    try {
      db.exec("PRAGMA journal_mode = WAL");
      return;
    } catch (error) {
      if (!String((error as { code?: unknown }).code).startsWith("SQLITE_BUSY") || Date.now() >= deadline) throw error;
      Bun.sleepSync(5 + Math.random() * 20);
    }
  }
}

/**
 * The database must be a regular file: a device (`/dev/null`) or a symbolic link swapped in would
 * have SQLite write elsewhere, and the chmod below would change the device.
 */
function assertDatabaseFile(path: string): void {
  try {
    const st = lstatSync(path);
    if (!st.isFile()) {
      throw new CcError(
        `cc's job database ${path} is not a regular file (${st.isSymbolicLink() ? "a symbolic link" : st.isDirectory() ? "a directory" : "a device or other special file"})`,
        {
          hint: `Move it away (mv '${path}' '${path}.aside') and cc starts a new, empty one.`,
        },
      );
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

/** The job database of this data dir, opened once per process. */
export function openDatabase(path: string = databasePath()): Database {
  const open = cachedDatabase(path);
  if (open) return open;
  ensurePrivateDir(dirname(path));
  assertDatabaseFile(path);
  let db: Database | undefined;
  try {
    db = new Database(path, { create: true, strict: true });
    configureConnection(db);
    enableWal(db);
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
  return keepConnection(path, db);
}
