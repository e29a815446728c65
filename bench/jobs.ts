/**
 * Job engine timings: `cc status` with 10,000 stored jobs (median wall time), and how long a
 * `--background` launch takes to return. Uses dist/cc when built, else cc from source.
 * Run: `bun run bench:jobs` (BENCH_RUNS=20 by default).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { closeDatabase } from "../src/jobs/db.ts";
import { JobStore } from "../src/jobs/store.ts";
import { fmtMs, printTable, stats } from "./lib.ts";

const root = resolve(import.meta.dir, "..");
const runs = Number(process.env.BENCH_RUNS ?? 20);
const dist = join(root, "dist/cc");
const cc = existsSync(dist) ? [dist] : [process.execPath, join(root, "src/cli.ts")];
const work = mkdtempSync(join(tmpdir(), "cc-bench-jobs-"));
const dataDir = join(work, "data");
const repo = join(work, "repo");
Bun.spawnSync(["git", "init", "-q", repo]);
Bun.spawnSync(["git", "-c", "user.name=bench", "-c", "user.email=bench@cc.invalid", "commit", "-q", "--allow-empty", "-m", "start"], { cwd: repo });
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: work, CC_DATA_DIR: dataDir, CODEX_THREAD_ID: "bench-session" };

// 10,000 finished jobs across 10 sessions of this workspace, plus 3 running ones with live pids.
process.env.CC_DATA_DIR = dataDir;
const store = new JobStore(join(dataDir, "cc.db"));
const began = performance.now();
let someId = "";
store.db.transaction(() => {
  for (let i = 0; i < 10_000; i++) {
    const job = store.insert(
      {
        kind: i % 3 === 0 ? "review" : "rescue",
        summary: `benchmark job ${i}`,
        workspaceRoot: repo,
        cwd: repo,
        codexSession: `session-${i % 10}`,
        request: { prompt: `prompt ${i} `.repeat(50), cwd: repo, profile: "write" },
      },
      Date.now() - (10_000 - i) * 1000,
    );
    someId = job.id;
    store.start(job.id, process.pid, null);
    store.end(job.id, ["running"], "completed", { resultText: `result ${i} `.repeat(200), costUsd: 0.01 });
  }
})();
const seedMs = performance.now() - began;
closeDatabase();

/** Wall time of one run in the workspace; a failing command aborts the benchmark. */
function once(argv: string[], opts: Record<string, string>): number {
  const t = performance.now();
  const r = Bun.spawnSync(argv, { cwd: repo, env: opts, stdout: "ignore", stderr: "pipe" });
  const ms = performance.now() - t;
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} exited ${r.exitCode}: ${r.stderr.toString()}`);
  return ms;
}

function time(argv: string[], extraEnv: Record<string, string> = {}) {
  const opts = { ...env, ...extraEnv };
  once(argv, opts); // warm the page cache
  return stats(Array.from({ length: runs }, () => once(argv, opts)));
}

const fake = join(work, "fake-claude");
await Bun.write(fake, "#!/bin/sh\ncat >/dev/null\nexit 0\n");
Bun.spawnSync(["chmod", "+x", fake]);
const launcher = join(root, "test/support/job-launcher.ts");

const rows = [
  ["cc status (this session's newest 20; 10,000 stored)", time([...cc, "status"])],
  ["cc status <id> (one job's detail)", time([...cc, "status", someId.slice(0, -1)])],
  ["cc status --all (all 10,000 rows printed)", time([...cc, "status", "--all"])],
  ["--background launch (work API, from source)", time([process.execPath, launcher, "bg", "rescue", "bench"], { CC_CLAUDE_BIN: fake })],
  ...(cc.length === 1
    ? [["dist/cc review --background (returns with the job id)", await Bun.write(join(repo, "change.txt"), "a change to review\n").then(() => time([...cc, "review", "--background"], { CC_CLAUDE_BIN: fake }))]]
    : []),
].map(([name, t]) => {
  const s = t as ReturnType<typeof stats>;
  return [name as string, runs, fmtMs(s.min), fmtMs(s.median), fmtMs(s.max)];
});

console.log(`cc: ${cc.join(" ")}; seeded 10,000 jobs in ${fmtMs(seedMs)} ms`);
printTable(["what", "runs", "min ms", "median ms", "max ms"], rows);
await Bun.sleep(1000); // let the last background workers finish before their data dir goes
rmSync(work, { recursive: true, force: true });
