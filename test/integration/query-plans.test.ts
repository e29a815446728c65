/**
 * Every query that `cc status`, `cc result`, the four hooks and reconcile run reads only the rows it
 * shows: run from source against a seeded store (2,000 finished jobs of one workspace, half of them
 * read, the others unread but already announced by the hooks, besides the few each query is about), every statement they prepare is captured and its EXPLAIN QUERY PLAN
 * checked. A statement fails when it
 * - scans `jobs` (SCAN: every row, or every entry of an index that holds the history);
 * - sorts in a temporary B-tree (every match is read before the first row comes out), unless it
 *   reads an index of active or unread jobs only;
 * - walks an index of the history by workspace or session alone, without LIMIT and without being
 *   covered by the index: with one workspace in the store, that reads every job it holds.
 */

import type { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quickStatusList } from "../../src/commands/_status-quick.ts";
import { runHook } from "../../src/hooks/dispatch.ts";
import { closeDatabase } from "../../src/jobs/db.ts";
import { openDatabase } from "../../src/jobs/db-file.ts";
import { newestFinishedListings } from "../../src/jobs/listing.ts";
import { reconcile } from "../../src/jobs/reconcile.ts";
import { JobStore } from "../../src/jobs/store.ts";
import { processStartTime } from "../../src/lib/process.ts";
import { initRepo } from "../support/git.ts";
import { seedStore } from "../support/store-shapes.ts";

const SESSION = "plan-session";
let root = "";
let repo = "";
let db: Database;
const captured = new Set<string>();
const saved = { dataDir: process.env.CC_DATA_DIR, thread: process.env.CODEX_THREAD_ID, session: process.env.CODEX_SESSION_ID, cwd: process.cwd() };

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "cc-query-plans-"));
  repo = realpathSync(initRepo(join(root, "repo")));
  process.env.CC_DATA_DIR = join(root, "data");
  delete process.env.CODEX_SESSION_ID;
  seedStore(join(root, "data"), repo, { jobs: 1_000, sessions: 10, read: true }, { resultBytes: 64, keepOpen: true });
  seedStore(join(root, "data"), repo, { jobs: 1_000, sessions: 10, read: false }, { resultBytes: 64, keepOpen: true });
  const store = new JobStore();
  const job = (session: string, summary: string) =>
    store.insert({ kind: "review", summary, workspaceRoot: repo, cwd: repo, codexSession: session, request: { prompt: "p", cwd: repo, profile: "read-only" } });
  // This session: two results nobody has seen, one job running (this process), one just queued.
  for (const summary of ["unseen 1", "unseen 2"]) {
    const j = job(SESSION, summary);
    store.start(j.id, process.pid, processStartTime(process.pid));
    store.end(j.id, ["running"], "completed", { resultText: "done" });
  }
  store.start(job(SESSION, "running").id, process.pid, processStartTime(process.pid));
  job(SESSION, "queued");
  // An earlier session left a result unread (the line `cc status` shows after a Codex restart).
  const earlier = job("earlier-session", "left unread");
  store.start(earlier.id, process.pid, null);
  store.end(earlier.id, ["running"], "completed", { resultText: "done" });

  db = openDatabase();
  for (const method of ["query", "prepare"] as const) {
    const original = db[method].bind(db) as (sql: string) => unknown;
    (db as unknown as Record<string, unknown>)[method] = (sql: string) => {
      captured.add(sql);
      return original(sql);
    };
  }
});

afterAll(() => {
  process.chdir(saved.cwd);
  closeDatabase();
  for (const [name, value] of [
    ["CC_DATA_DIR", saved.dataDir],
    ["CODEX_THREAD_ID", saved.thread],
    ["CODEX_SESSION_ID", saved.session],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(root, { recursive: true, force: true });
});

/** Run a command's citty `run` from source, its stdout swallowed. */
async function runCommand(name: "status" | "result", args: Record<string, unknown>, session: string): Promise<void> {
  process.env.CODEX_THREAD_ID = session;
  process.chdir(repo);
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    const cmd = (await import(`../../src/commands/${name}.ts`)).default;
    await cmd.run({ args: { _: [], ...args }, rawArgs: [], cmd });
  } finally {
    process.stdout.write = write;
    process.chdir(saved.cwd);
  }
}

const hookInput = (event: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ session_id: SESSION, cwd: repo, hook_event_name: event, transcript_path: null, ...extra });

interface PlanStep {
  detail: string;
}

function problems(sql: string): string[] {
  const steps = (db.query(`EXPLAIN QUERY PLAN ${sql}`).all() as PlanStep[]).map((s) => s.detail);
  // Indexes that hold only active jobs, jobs parked on a question (they expire into completed after
  // needsInputTimeout) or results the hooks have not told about yet: whatever walks them skips the
  // history (unread results the hooks announced are history: many users never read).
  const small = new Set(
    (db.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs' AND sql IS NOT NULL").all() as { name: string; sql: string }[])
      .filter((i) => /WHERE .*(announced_at IS NULL|noticed_at IS NULL|status IN \('queued','running'\)|status = 'needs-input')/s.test(i.sql))
      .map((i) => i.name),
  );
  // `cc status --all` lists every job of the workspace because it was asked to: in index order, streamed.
  const limited = /\bLIMIT\b/i.test(sql) || /FROM jobs WHERE workspace_root = \? ORDER BY created_at DESC, id$/.test(sql.trim());
  const viaSmall = steps.some((s) => /^(SCAN|SEARCH) jobs USING (COVERING )?INDEX (\w+)/.exec(s)?.[3] !== undefined && small.has(/INDEX (\w+)/.exec(s)![1]!));
  const found: string[] = [];
  for (const step of steps) {
    const index = /^(?:SCAN|SEARCH) jobs USING (COVERING )?INDEX (\w+)(?: \(([^)]*)\))?/.exec(step);
    if (/^SCAN jobs\b/.test(step) && !(index && small.has(index[2]!))) found.push(`full scan: ${step}`);
    if (/TEMP B-TREE/.test(step) && !viaSmall) found.push(`sorts every match: ${step}`);
    if (
      /^SEARCH/.test(step) &&
      index &&
      !index[1] &&
      !small.has(index[2]!) &&
      !limited &&
      /^(workspace_root=\?|codex_session=\?|codex_session=\? AND workspace_root=\?)$/.test(index[3] ?? "")
    ) {
      found.push(`reads the whole history of a ${index[3]!.includes("codex_session") ? "session" : "workspace"}: ${step}`);
    }
  }
  return found;
}

test("every query of cc status, cc result, the hooks and reconcile uses an index that skips the history", async () => {
  // The hooks, as Codex runs them (the stop notice and the prompt nudge each find the unseen results).
  for (const [event, extra] of [
    ["SessionStart", { source: "resume" }],
    ["Stop", { turn_id: "t1", stop_hook_active: false, last_assistant_message: "done" }],
    ["UserPromptSubmit", { prompt: "go on", turn_id: "t2" }],
    ["SessionEnd", { reason: "other" }],
  ] as const) {
    await runHook(event, hookInput(event, extra));
  }
  reconcile(new JobStore());
  await runCommand("status", {}, SESSION);
  await runCommand("status", { all: true }, SESSION);
  await runCommand("status", { all: true, json: true }, SESSION);
  await runCommand("status", { json: true }, SESSION);
  await runCommand("status", {}, "new-session"); // the unread line of the earlier session
  const some = (db.query("SELECT id FROM jobs WHERE codex_session = ? LIMIT 1").get(SESSION) as { id: string }).id;
  await runCommand("status", { job: some.slice(0, -2) }, SESSION);
  await runCommand("result", {}, SESSION);
  await runCommand("result", {}, "another-new-session"); // falls back to the earlier session's unread result
  // Plain `cc status`'s quick road: its probes (it hands over: a job is running), and its listing.
  process.chdir(repo);
  expect(await quickStatusList({ ...process.env, CODEX_THREAD_ID: SESSION })).toBe(false);
  process.chdir(saved.cwd);
  newestFinishedListings(db, { workspaceRoot: repo, codexSession: SESSION }, 20);
  captured.delete("SELECT id FROM jobs WHERE codex_session = ? LIMIT 1");

  const jobsQueries = [...captured].filter((sql) => /\bjobs\b/.test(sql) && !/^\s*(PRAGMA|EXPLAIN)/i.test(sql));
  expect(jobsQueries.length).toBeGreaterThan(15); // the paths above really ran
  const report = jobsQueries.flatMap((sql) =>
    problems(sql).map(
      (p) =>
        `${p}\n    in: ${sql
          .replace(/\s+/g, " ")
          .replace(/^SELECT .{120,}? FROM/, "SELECT … FROM")
          .slice(0, 240)}`,
    ),
  );
  expect(report).toEqual([]);
}, 60_000);
