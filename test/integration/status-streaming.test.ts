/**
 * `cc status --all` and `cc status --json --all` stream their rows: on the compiled binary, a
 * workspace of 100,000 jobs (each with a result text) costs at most 14 MiB (text) and 20 MiB (JSON)
 * more peak memory than one of 10, and prints exactly what the job model's whole list prints, a
 * running job's progress and rows this cc cannot read or reads differently included.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeDatabase } from "../../src/jobs/db.ts";
import { JobStore } from "../../src/jobs/store.ts";
import { processStartTime } from "../../src/lib/process.ts";
import { renderJobList } from "../../src/render/job-list.ts";
import { basePath, ccBinary } from "../support/bins.ts";
import { initRepo } from "../support/git.ts";
import { seedStore } from "../support/store-shapes.ts";

const MiB = 1024 * 1024;
let root = "";
let repo = "";
const saved = process.env.CC_DATA_DIR;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "cc-status-streaming-"));
  repo = realpathSync(initRepo(join(root, "repo")));
  seedStore(join(root, "small"), repo, { jobs: 10, sessions: 10, read: true }, { resultBytes: 2048 });
  seedStore(join(root, "large"), repo, { jobs: 100_000, sessions: 10, read: true }, { resultBytes: 2048 });
});

afterAll(() => {
  closeDatabase();
  if (saved === undefined) delete process.env.CC_DATA_DIR;
  else process.env.CC_DATA_DIR = saved;
  rmSync(root, { recursive: true, force: true });
});

/** stdout, stderr and the peak RSS (GNU time) of `cc status …` on one store, outside Codex. */
function status(store: "small" | "large" | "mixed", ...args: string[]): { out: string; err: string; rss: number } {
  const r = Bun.spawnSync(["/usr/bin/time", "-f", "%M", ccBinary(), "status", ...args], {
    cwd: repo,
    env: { PATH: basePath(), HOME: root, CC_DATA_DIR: join(root, store), NO_COLOR: "1" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const stderr = r.stderr.toString();
  expect({ exit: r.exitCode, stderr }).toMatchObject({ exit: 0 });
  const lines = stderr.trim().split("\n");
  return { out: r.stdout.toString(), err: lines.slice(0, -1).join("\n"), rss: Number(lines.at(-1)) * 1024 };
}

test("100,000 jobs add at most 14 MiB (text) and 20 MiB (JSON) over 10 jobs, and print the same as the whole list at once", () => {
  const small = status("small", "--all");
  const large = status("large", "--all");
  const smallJson = status("small", "--json", "--all");
  const largeJson = status("large", "--json", "--all");
  console.log(`cc status --all: ${(small.rss / MiB).toFixed(1)} MiB with 10 jobs, ${(large.rss / MiB).toFixed(1)} MiB with 100,000`);
  console.log(`cc status --json --all: ${(smallJson.rss / MiB).toFixed(1)} MiB with 10 jobs, ${(largeJson.rss / MiB).toFixed(1)} MiB with 100,000`);

  // What the list printed at once (the renderer, given every job) prints: the same text, the same JSON.
  process.env.CC_DATA_DIR = join(root, "large");
  const jobs = new JobStore().list({ workspaceRoot: repo, codexSession: null });
  expect(jobs.length).toBe(100_000);
  const style = { inCodex: false, program: realpathSync(ccBinary()) };
  const whole = renderJobList(jobs, { title: `Jobs in ${repo}`, hidden: 0, style, now: Date.now() });
  expect(large.out.split("\n").length).toBe(whole.split("\n").length);
  expect(large.out).toBe(whole);
  // Each job as listed, with how many follow-ups it got (`cc steer`; none here).
  const listed = jobs.map((j) => ({ ...j, followUps: 0 }));
  expect(largeJson.out).toBe(`${JSON.stringify({ workspaceRoot: repo, codexSession: null, jobs: listed, hidden: 0 }, null, 2)}\n`);

  // Rows are read without the job model: the text measured +8–9 MiB alone and under load (+15–21 through the model).
  expect(large.rss - small.rss).toBeLessThanOrEqual(14 * MiB);
  expect(largeJson.rss - smallJson.rss).toBeLessThanOrEqual(20 * MiB);
}, 240_000);

test("the streamed lists read running jobs, progress and rows this cc does not know as the job model does", () => {
  const path = join(root, "mixed", "cc.db");
  process.env.CC_DATA_DIR = join(root, "mixed");
  closeDatabase();
  const store = new JobStore(path);
  const job = (summary: string, at: number) =>
    store.insert({ kind: "rescue", summary, workspaceRoot: repo, cwd: repo, codexSession: null, request: { prompt: "p", cwd: repo, profile: "write" } }, at);
  const progress = { currentTool: "Read src/x.ts", toolCalls: 2, turns: 3, lastText: "“done”", retries: 1, lastEventAt: Date.now() };
  const t = Date.now() - 600_000;
  const finished = (summary: string, at: number) => {
    const done = job(summary, at);
    store.start(done.id, process.pid, null, at);
    store.progress(done.id, progress);
    store.end(done.id, ["running"], "completed", { resultText: "r", costUsd: 0.02 }, at + 5_000);
    return done;
  };
  finished("finished one", t);
  const future = finished("written by a newer cc", t + 1_000);
  const newerProgress = finished("its progress written by a newer cc", t + 2_000);
  const running = job("running one", t + 3_000);
  // This test process is the worker: reconcile leaves the job running.
  store.start(running.id, process.pid, processStartTime(process.pid));
  store.progress(running.id, { ...progress, lastText: null });
  closeDatabase();
  const db = new Database(path);
  db.query("UPDATE jobs SET kind = 'future-kind' WHERE id = ?").run(future.id);
  db.query("UPDATE jobs SET progress = json_insert(progress, '$.cacheHits', 4) WHERE id = ?").run(newerProgress.id); // the model drops the key
  db.close();

  const listed = status("mixed", "--all");
  const listedJson = status("mixed", "--json", "--all");
  expect(listed.out).toContain(`running one — turn 3 · 2 tools · 1 API retry · Read src/x.ts`);
  expect(listed.out).not.toContain(future.id);
  for (const { err } of [listed, listedJson]) expect(err).toContain(`cc: warning: skipped job ${future.id} in ${path} is unreadable: kind:`);

  // The lists through the model, at once, are the same (but for the seconds that passed).
  const jobs = new JobStore(path).list({ workspaceRoot: repo, codexSession: null });
  expect(jobs.map((j) => j.summary)).toEqual(["running one", "its progress written by a newer cc", "finished one"]);
  const style = { inCodex: false, program: realpathSync(ccBinary()) };
  const whole = renderJobList(jobs, { title: `Jobs in ${repo}`, hidden: 0, style, now: Date.now() });
  const seconds = (text: string) => text.replace(/\b(\d+m)?\d+s\b/g, "<elapsed>");
  expect(seconds(listed.out)).toBe(seconds(whole));
  const listedJobs = jobs.map((j) => ({ ...j, followUps: 0 }));
  expect(listedJson.out).toBe(`${JSON.stringify({ workspaceRoot: repo, codexSession: null, jobs: listedJobs, hidden: 0 }, null, 2)}\n`);
}, 60_000);
