/**
 * Issue 17, item 4: one damaged job row (malformed JSON in a column) must not break every listing.
 * Real cc processes read a real store in which one row was damaged behind cc's back.
 */

import { Database } from "bun:sqlite";
import { afterAll, afterEach, beforeEach, expect, test } from "bun:test";
import { join } from "node:path";
import { closeDatabase } from "../../src/jobs/db.ts";
import { JobStore } from "../../src/jobs/store.ts";
import { ccFromSource } from "../support/bins.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

let sb: Sandbox;
beforeEach(() => {
  sb = new Sandbox();
});
afterEach(async () => {
  closeDatabase();
  await reapAll();
  sb.cleanup();
});
afterAll(reapAll);

const cc = (args: string[]) => run([...ccFromSource, ...args], { cwd: sb.repo, env: sb.baseEnv(), timeoutMs: 20000 });

function finishedJob(store: JobStore, summary: string, at: number): string {
  const job = store.insert(
    { kind: "rescue", summary, workspaceRoot: sb.repo, cwd: sb.repo, codexSession: null, request: { prompt: "p", cwd: sb.repo, profile: "write" } },
    at,
  );
  store.start(job.id, process.pid, null, at);
  store.end(job.id, ["running"], "completed", { resultText: `result of ${summary}` }, at + 1);
  return job.id;
}

test("a row with malformed JSON is skipped and named; the others are still listed and shown", async () => {
  const path = join(sb.dataDir, "cc.db");
  const store = new JobStore(path);
  const good = finishedJob(store, "good one", Date.now() - 2000);
  const bad = finishedJob(store, "damaged one", Date.now() - 1000);
  closeDatabase();
  const db = new Database(path);
  db.query("UPDATE jobs SET progress = '{not json', extra_json = '[oops' WHERE id = ?").run(bad);
  db.close();

  const status = await cc(["status", "--all"]);
  expect(status.code, describeRun(status)).toBe(0);
  expect(status.stdout).toContain(good);
  expect(status.stderr).toContain(`cc: warning: skipped job ${bad}`);
  expect(status.stderr).not.toContain("internal error");

  const latest = await cc(["result"]);
  expect(latest.code, describeRun(latest)).toBe(0);
  expect(latest.stdout).toContain("result of good one");
  expect(latest.stderr).toContain(`skipped job ${bad}`);

  const named = await cc(["result", bad]);
  expect(named.code).not.toBe(0);
  expect(named.stderr).toMatch(new RegExp(`cc: job ${bad} in .* is unreadable`));
  expect(named.stderr).not.toMatch(/\n\s+at /);
});
