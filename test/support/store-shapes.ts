/**
 * The store shapes the benchmarks (and the query-plan and memory tests) measure in, written straight into a real cc.db (migrated by
 * cc's own code, rows inserted with one prepared statement: 10,000 `JobStore.insert`s would take
 * longer than the benchmark). Every job is finished and was already announced and noticed by the
 * hooks (the steady state: nothing new to say), so a hook measures its "nothing to do" path.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { closeDatabase } from "../../src/jobs/db.ts";
import { openDatabase } from "../../src/jobs/db-file.ts";

export type ShapeName = "unread" | "read" | "sessions";

export const SHAPES: Record<ShapeName, { label: string; jobs: number; sessions: number; read: boolean }> = {
  unread: { label: "10,000 jobs, 10 sessions, all unread", jobs: 10_000, sessions: 10, read: false },
  read: { label: "10,000 jobs, 10 sessions, all read", jobs: 10_000, sessions: 10, read: true },
  sessions: { label: "10,000 jobs, 1,000 sessions, all unread", jobs: 10_000, sessions: 1_000, read: false },
};

/** The session the benchmarks' own commands run as (one of the seeded sessions). */
export const BENCH_SESSION = "session-3";

/** Summaries as cc writes them (a review's verdict and counts, a rescue's task): punctuation, an em dash. */
const summaryOf = (i: number) =>
  i % 3 === 0
    ? `${i % 5 === 0 ? "needs-attention (1 high, 2 medium)" : "approve"} — review of uncommitted changes, job ${i}`
    : `fix the flaky retry test in src/jobs/store.ts: job ${i}, keep the public API`;

/**
 * Seed `dataDir/cc.db` with `jobs` finished jobs of workspace `repo`, round-robin over `sessions`
 * Codex sessions; result texts of a few KiB, as real reviews have.
 */
export function seedStore(
  dataDir: string,
  repo: string,
  shape: { jobs: number; sessions: number; read: boolean },
  opts: { resultBytes?: number; keepOpen?: boolean } = {},
): void {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(join(dataDir, "cc.db"));
  const insert = db.query(
    `INSERT INTO jobs (id, kind, status, workspace_root, cwd, codex_session, created_at, started_at, finished_at, heartbeat_at, profile, summary,
       request_json, result_text, cost_usd, read_at, announced_at, noticed_at, log_path)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'read-only', ?, ?, ?, 0.01, ?, ?, ?, ?)`,
  );
  const now = Date.now();
  const result = "x".repeat(opts.resultBytes ?? 4096);
  db.transaction(() => {
    for (let i = 0; i < shape.jobs; i++) {
      const created = now - (shape.jobs - i) * 60_000;
      const id = `review-${created.toString(36)}-${i.toString(36).padStart(4, "0")}${shape.read ? "r" : "u"}`;
      const finished = created + 30_000;
      insert.run(
        id,
        i % 3 === 0 ? "review" : "rescue",
        i % 17 === 0 ? "failed" : "completed",
        repo,
        repo,
        `session-${i % shape.sessions}`,
        created,
        created,
        finished,
        finished,
        summaryOf(i),
        JSON.stringify({ prompt: `prompt ${i}`, cwd: repo, profile: "read-only" }),
        result,
        shape.read ? finished : null,
        finished,
        finished,
        join(dataDir, "logs", `${id}.log`),
      );
    }
  })();
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); // as SQLite's auto-checkpoint leaves a long-lived cc.db
  if (!opts.keepOpen) closeDatabase();
}
