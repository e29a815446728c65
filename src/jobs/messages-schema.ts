/**
 * The schema change of conversations (one migration, src/jobs/db.ts): the `needs-input` status and
 * the `job_messages` table. SQLite cannot change a CHECK constraint in place, so the jobs table is
 * rebuilt from its own stored definition (whatever columns and indexes other migrations added),
 * with `needs-input` added to the status list: SQLite's documented twelve-step table change.
 */
import type { Database } from "bun:sqlite";

const STATUS_CHECK = /CHECK \(status IN \(([^)]*)\)\)/;

function allowNeedsInput(db: Database): void {
  const table = db.query("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'jobs'").get() as { sql: string } | null;
  if (!table) throw new Error("the jobs table is missing");
  const check = STATUS_CHECK.exec(table.sql);
  if (!check) throw new Error("the jobs table has no status check to extend");
  if (check[1]!.includes("'needs-input'")) return;
  const indexes = db.query("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs' AND sql IS NOT NULL").all() as { sql: string }[];
  const rebuilt = table.sql
    .replace(STATUS_CHECK, `CHECK (status IN (${check[1]},'needs-input'))`)
    .replace(/^CREATE TABLE "?jobs"?/, "CREATE TABLE jobs_rebuilt");
  db.exec(rebuilt);
  db.exec("INSERT INTO jobs_rebuilt SELECT * FROM jobs");
  db.exec("DROP TABLE jobs");
  db.exec("ALTER TABLE jobs_rebuilt RENAME TO jobs");
  for (const { sql } of indexes) db.exec(sql);
}

export function conversationMigration(db: Database): void {
  allowNeedsInput(db);
  db.exec(`CREATE TABLE IF NOT EXISTS job_messages (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     job_id TEXT NOT NULL,
     -- 'steer': a message sent to the job; 'task': the reply to the job's own task (its first turn), text ''
     role TEXT NOT NULL DEFAULT 'steer' CHECK (role IN ('steer','task')),
     -- 1: abort the turn in progress to deliver it (cc steer --interrupt)
     interrupt INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     text TEXT NOT NULL,
     -- written to claude's stdin / seen consumed by claude (its replay of the message)
     sent_at INTEGER,
     delivered_at INTEGER,
     -- the text of the turn that answered it
     reply TEXT,
     replied_at INTEGER,
     -- not delivered by this job: continued in another job (moved_to), or lost with the run (undelivered_at)
     moved_to TEXT,
     undelivered_at INTEGER
   );
   CREATE INDEX IF NOT EXISTS job_messages_by_job ON job_messages (job_id, id);
   -- reconcile looks for parked jobs on every read: only they are in this index
   CREATE INDEX IF NOT EXISTS jobs_needs_input ON jobs (finished_at) WHERE status = 'needs-input';`);
}
