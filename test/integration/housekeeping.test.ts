/**
 * Automatic housekeeping (src/housekeeping.ts) against a real store, real logs and a real git
 * repository: it deletes old, read, finished jobs beyond the newest of their workspace with their
 * logs, and never an unread result, a running job or a rescue holding its undo data (its snapshot
 * refs stay too); it stops inside its time budget; config turns it off; it runs once a day however
 * many workers finish; and through 100,000 jobs the store stays bounded, in rows and on disk.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_LIMITS, housekeep, housekeepIfDue, housekeepingLimits } from "../../src/housekeeping.ts";
import { closeDatabase } from "../../src/jobs/db.ts";
import { JobStore } from "../../src/jobs/store.ts";
import { recordSnapshot, SNAPSHOT_NAMESPACE } from "../../src/rescue/snapshot.ts";
import { git, initRepo } from "../support/git.ts";

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7);
let root = "";
let repo = "";
const saved = process.env.CC_DATA_DIR;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "cc-housekeeping-"));
  repo = realpathSync(initRepo(join(root, "repo")));
});
afterAll(() => {
  closeDatabase();
  if (saved === undefined) delete process.env.CC_DATA_DIR;
  else process.env.CC_DATA_DIR = saved;
  rmSync(root, { recursive: true, force: true });
});

let stores = 0;
/** A fresh data dir and store. */
function freshStore(): JobStore {
  closeDatabase();
  process.env.CC_DATA_DIR = join(root, `data-${++stores}`);
  mkdirSync(join(process.env.CC_DATA_DIR, "logs"), { recursive: true });
  return new JobStore();
}

interface Row {
  id: string;
  status?: string;
  workspace?: string;
  createdAt: number;
  finishedAt?: number | null;
  read?: boolean;
  kind?: string;
  kindInput?: unknown;
}

/** Insert rows as a real run leaves them (one prepared statement: thousands per test), each with a log file. */
function insert(store: JobStore, rows: Row[], opts: { logs?: boolean } = {}): void {
  const stmt = store.db.query(
    `INSERT INTO jobs (id, kind, status, workspace_root, cwd, codex_session, created_at, finished_at, profile, summary, request_json, meta_json, result_text, read_at, log_path)
     VALUES (?, ?, ?, ?, ?, 's', ?, ?, 'write', 'job', '{}', ?, 'a result', ?, ?)`,
  );
  store.db.transaction(() => {
    for (const r of rows) {
      const finished = r.finishedAt === undefined ? r.createdAt + 60_000 : r.finishedAt;
      const log = join(process.env.CC_DATA_DIR!, "logs", `${r.id}.log`);
      if (opts.logs !== false) writeFileSync(log, "log\n");
      stmt.run(
        r.id,
        r.kind ?? "review",
        r.status ?? "completed",
        r.workspace ?? repo,
        repo,
        r.createdAt,
        finished,
        r.kindInput === undefined ? null : JSON.stringify(r.kindInput),
        r.read === false ? null : (finished ?? r.createdAt),
        log,
      );
    }
  })();
}

const ids = (store: JobStore): Set<string> => new Set((store.db.query("SELECT id FROM jobs").all() as { id: string }[]).map((r) => r.id));

describe("what housekeeping deletes and what it never deletes", () => {
  test("old, read jobs beyond the newest 500 go with their logs; unread, running and undo-holding jobs stay", async () => {
    const store = freshStore();
    const old = (i: number) => NOW - 60 * DAY + i * 60_000; // 60 days ago, one a minute, oldest first
    // 700 old jobs in this workspace: the oldest 200 are beyond the newest 500.
    insert(
      store,
      Array.from({ length: 700 }, (_, i) => ({ id: `review-old${String(i).padStart(4, "0")}`, createdAt: old(i) })),
    );
    // Among the oldest, ones housekeeping must never delete.
    const snapshot = recordSnapshot(repo);
    insert(store, [
      { id: "review-unread", createdAt: old(-5), read: false },
      { id: "rescue-running", kind: "rescue", status: "running", createdAt: old(-4), finishedAt: null, read: false },
      { id: "rescue-undo", kind: "rescue", createdAt: old(-3), kindInput: { snapshot } },
      { id: "rescue-no-undo", kind: "rescue", createdAt: old(-2), kindInput: { snapshotError: "not a git repository" } },
    ]);
    // Another workspace: old, but only 100 jobs, all within its newest 500.
    insert(
      store,
      Array.from({ length: 100 }, (_, i) => ({ id: `review-other${i}`, workspace: "/elsewhere", createdAt: old(i) })),
    );
    // Recent jobs beyond the newest 500 of a third workspace: not 30 days old, so kept.
    insert(
      store,
      Array.from({ length: 600 }, (_, i) => ({ id: `review-recent${i}`, workspace: "/recent", createdAt: NOW - DAY + i })),
    );

    const report = await housekeep(store, DEFAULT_LIMITS, { now: NOW, budgetMs: 60_000 });
    const left = ids(store);
    expect(report.unfinished).toBe(false);
    // The 200 oldest of this workspace's history, plus the old rescue without undo data.
    expect(report.removed.length).toBe(201);
    expect(report.removed).toContain("rescue-no-undo");
    for (let i = 0; i < 200; i++) expect(left.has(`review-old${String(i).padStart(4, "0")}`)).toBe(false);
    for (let i = 200; i < 700; i++) expect(left.has(`review-old${String(i).padStart(4, "0")}`)).toBe(true);
    for (const id of ["review-unread", "rescue-running", "rescue-undo"]) expect(left.has(id)).toBe(true);
    expect(report.keptByKind).toBe(1);
    expect([...left].filter((id) => id.startsWith("review-other")).length).toBe(100);
    expect([...left].filter((id) => id.startsWith("review-recent")).length).toBe(600);
    // Logs go with their jobs; the kept ones keep theirs; the undo data (snapshot refs) is intact.
    expect(existsSync(join(process.env.CC_DATA_DIR!, "logs", "review-old0000.log"))).toBe(false);
    expect(existsSync(join(process.env.CC_DATA_DIR!, "logs", "rescue-undo.log"))).toBe(true);
    expect(git(repo, "for-each-ref", "--format=%(refname)", `${SNAPSHOT_NAMESPACE}/${snapshot.id}/`).trim()).not.toBe("");
  });

  test("a run stops inside its time budget and the next one carries on", async () => {
    const store = freshStore();
    insert(
      store,
      Array.from({ length: 3_000 }, (_, i) => ({ id: `review-b${String(i).padStart(5, "0")}`, createdAt: NOW - 90 * DAY + i })),
      { logs: false },
    );
    const limits = { olderThanMs: 30 * DAY, keepPerWorkspace: 0 };
    const first = await housekeep(store, limits, { now: NOW, budgetMs: 0 });
    expect(first.unfinished).toBe(true);
    expect(first.removed.length).toBeLessThan(3_000);
    const rest = await housekeep(store, limits, { now: NOW, budgetMs: 60_000 });
    expect(first.removed.length + rest.removed.length).toBe(3_000);
    expect(ids(store).size).toBe(0);
  });

  test("config: limits, off; and at most one run a day however many workers finish", async () => {
    expect(housekeepingLimits({})).toEqual(DEFAULT_LIMITS);
    expect(housekeepingLimits({ housekeeping: { olderThanDays: 7, keepPerWorkspace: 50 } })).toEqual({ olderThanMs: 7 * DAY, keepPerWorkspace: 50 });
    expect(housekeepingLimits({ housekeeping: false })).toBeNull();

    const store = freshStore();
    const rows = Array.from({ length: 600 }, (_, i) => ({ id: `review-c${i}`, createdAt: NOW - 60 * DAY + i }));
    insert(store, rows, { logs: false });
    writeFileSync(join(process.env.CC_DATA_DIR!, "config.json"), JSON.stringify({ housekeeping: false }), { mode: 0o600 });
    const lines: string[] = [];
    await housekeepIfDue(store, (l) => lines.push(l), NOW);
    expect(ids(store).size).toBe(600);
    expect(lines).toEqual([]);

    rmSync(join(process.env.CC_DATA_DIR!, "config.json"));
    await housekeepIfDue(store, (l) => lines.push(l), NOW);
    expect(ids(store).size).toBe(500);
    expect(lines).toEqual([expect.stringMatching(/^housekeeping: removed 100 finished, read job\(s\)/)]);
    // The same day, another worker: nothing runs (the claim is taken), even with more to do.
    insert(store, [{ id: "review-c-older", createdAt: NOW - 90 * DAY }], { logs: false });
    await housekeepIfDue(store, (l) => lines.push(l), NOW + 3_600_000);
    expect(ids(store).has("review-c-older")).toBe(true);
    await housekeepIfDue(store, (l) => lines.push(l), NOW + 25 * 3_600_000);
    expect(ids(store).has("review-c-older")).toBe(false);
  });
});

test("through 100,000 jobs the store stays bounded: rows and file size stop growing", async () => {
  const store = freshStore();
  store.db.exec("PRAGMA synchronous = OFF"); // this test measures rows and pages, not durability: no fsync per round
  const ROUNDS = 20;
  const PER_ROUND = 5_000;
  const sizes: number[] = [];
  const counts: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // A month and a day pass between rounds; each round's jobs are read when they finish.
    const now = NOW + round * 31 * DAY;
    insert(
      store,
      Array.from({ length: PER_ROUND }, (_, i) => ({ id: `review-r${round}-${i}`, createdAt: now - PER_ROUND + i })),
      { logs: false },
    );
    await housekeep(store, DEFAULT_LIMITS, { now: now + 60_000, budgetMs: 60_000 });
    store.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    counts.push((store.db.query("SELECT count(*) AS n FROM jobs").get() as { n: number }).n);
    sizes.push(statSync(store.path).size);
  }
  // Every round keeps its own fresh 5,000 (under 30 days old) and nothing older.
  expect(Math.max(...counts)).toBeLessThanOrEqual(PER_ROUND + DEFAULT_LIMITS.keepPerWorkspace);
  // The file reuses the pages of deleted jobs: after the first rounds it does not grow.
  expect(sizes.at(-1)!).toBeLessThanOrEqual(sizes[2]! * 1.1);
}, 240_000);
