/**
 * Hook costs on the compiled binary, next to a bare Bun-compiled hello-world built the same way:
 * - UserPromptSubmit with nothing unread and 10,000 stored jobs (the hook on every prompt);
 * - Stop with the review gate off;
 * - SessionEnd with 5 running jobs: default policy (keep) and `sessionEndJobs: "cancel"` for an
 *   interactive session (the workers are stand-in processes that the hook signals).
 * Run: `bun run build && bun run bench:hooks` (BENCH_RUNS=20 by default).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { compile } from "../build/build.ts";
import { closeDatabase } from "../src/jobs/db.ts";
import { JobStore } from "../src/jobs/store.ts";
import { processStartTime } from "../src/lib/process.ts";
import { fmtMiB, fmtMs, printTable, stats, type Sample } from "./lib.ts";

const root = resolve(import.meta.dir, "..");
const runs = Number(process.env.BENCH_RUNS ?? 20);
const cc = join(root, "dist/cc");
if (!existsSync(cc)) throw new Error("dist/cc is missing: run `bun run build` first");
const work = mkdtempSync(join(tmpdir(), "cc-bench-hooks-"));
const dataDir = join(work, "data");
const repo = join(work, "repo");
mkdirSync(repo);
Bun.spawnSync(["git", "init", "-q", repo]);
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: work, CC_DATA_DIR: dataDir };

const helloSrc = join(work, "hello.ts");
writeFileSync(helloSrc, 'process.stdout.write("hello\\n");\n');
const hello = join(work, "hello");
compile({ entry: helloSrc, outfile: hello });

// 10,000 finished jobs over 10 sessions, all read: nothing to announce.
process.env.CC_DATA_DIR = dataDir;
const store = new JobStore(join(dataDir, "cc.db"));
store.db.transaction(() => {
  for (let i = 0; i < 10_000; i++) {
    const job = store.insert(
      { kind: "review", summary: `job ${i}`, workspaceRoot: repo, cwd: repo, codexSession: `session-${i % 10}`, request: { prompt: "p", cwd: repo, profile: "read-only" } },
      Date.now() - (10_000 - i) * 1000,
    );
    store.start(job.id, process.pid, null);
    store.end(job.id, ["running"], "completed", { resultText: `result ${i} `.repeat(100) });
    store.markRead(job.id);
  }
})();

store.db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); // as SQLite's auto-checkpoint leaves a long-lived cc.db

/** Wall time and CPU time (user + system, all threads: far less disturbed than wall time by other load on the machine). */
function once(argv: string[], stdin: string, extraEnv: Record<string, string> = {}): { ms: number; cpuMs: number } {
  const began = performance.now();
  const r = Bun.spawnSync(argv, { cwd: repo, env: { ...env, ...extraEnv }, stdin: Buffer.from(stdin), stdout: "pipe", stderr: "pipe" });
  const ms = performance.now() - began;
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} exited ${r.exitCode}: ${r.stderr.toString()}`);
  return { ms, cpuMs: Number(r.resourceUsage?.cpuTime.total ?? 0) / 1000 };
}

/** Peak RSS from GNU time, in a separate run (its own start-up would skew the clock). */
function peakRss(argv: string[], stdin: string): number {
  if (!existsSync("/usr/bin/time")) return 0;
  const r = Bun.spawnSync(["/usr/bin/time", "-f", "%M", ...argv], { cwd: repo, env, stdin: Buffer.from(stdin), stdout: "pipe", stderr: "pipe" });
  return Number(r.stderr.toString().trim().split("\n").at(-1)) * 1024;
}

interface Case {
  name: string;
  argv: string[];
  stdin: string;
  before?: () => void;
}

type Measured = Sample & { cpuMs: number };

/** Round-robin over the cases, so load from elsewhere on the machine hits them all alike. */
function measure(cases: Case[]): [string, Measured[]][] {
  const samples = cases.map(() => [] as Measured[]);
  // warm the page cache, migrate once
  for (const c of cases) {
    c.before?.();
    once(c.argv, c.stdin);
  }
  for (let i = 0; i < runs; i++) {
    cases.forEach((c, k) => {
      c.before?.();
      const { ms, cpuMs } = once(c.argv, c.stdin);
      let rssBytes = 0;
      if (i < 5) {
        c.before?.();
        rssBytes = peakRss(c.argv, c.stdin);
      }
      samples[k]!.push({ ms, cpuMs, rssBytes });
    });
  }
  return cases.map((c, k) => [c.name, samples[k]!]);
}

const input = (event: string, extra: Record<string, unknown> = {}) => JSON.stringify({ session_id: "session-3", cwd: repo, hook_event_name: event, transcript_path: null, ...extra });
const hot = measure([
  { name: "hello-world (bun --compile)", argv: [hello], stdin: "" },
  { name: "UserPromptSubmit, nothing unread, 10,000 jobs", argv: [cc, "hook", "user-prompt-submit"], stdin: input("UserPromptSubmit", { prompt: "fix the bug", turn_id: "t1" }) },
  { name: "Stop, gate off, 10,000 jobs", argv: [cc, "hook", "stop"], stdin: input("Stop", { turn_id: "t1", stop_hook_active: false, last_assistant_message: "done" }) },
]);

// Session "ending" has 5 running jobs whose "workers" are sleepers (re-armed before every run).
const transcript = join(work, "rollout.jsonl");
writeFileSync(transcript, `${JSON.stringify({ type: "session_meta", payload: { id: "ending", source: "cli" } })}\n`);
const endingJobs = Array.from({ length: 5 }, (_, i) =>
  store.insert({ kind: "rescue", summary: `running ${i}`, workspaceRoot: repo, cwd: repo, codexSession: "ending", request: { prompt: "p", cwd: repo, profile: "write" } }).id,
);
let sleepers: Bun.Subprocess[] = [];
function rearm(): void {
  for (const s of sleepers) s.kill("SIGKILL");
  sleepers = endingJobs.map(() => Bun.spawn(["sleep", "60"], { stdout: "ignore", stderr: "ignore" }));
  endingJobs.forEach((id, i) => {
    store.db.query("UPDATE jobs SET status = 'queued', cancel_requested_at = NULL, finished_at = NULL WHERE id = ?").run(id);
    store.start(id, sleepers[i]!.pid, processStartTime(sleepers[i]!.pid));
  });
}
const endInput = JSON.stringify({ session_id: "ending", cwd: repo, hook_event_name: "SessionEnd", reason: "other", transcript_path: transcript });
const withRunning = measure([
  { name: "hello-world (bun --compile)", argv: [hello], stdin: "" },
  { name: "UserPromptSubmit, 5 jobs running elsewhere (reconciles)", argv: [cc, "hook", "user-prompt-submit"], stdin: input("UserPromptSubmit", { prompt: "fix the bug", turn_id: "t1" }), before: rearm },
  { name: "SessionEnd, 5 running jobs, policy keep", argv: [cc, "hook", "session-end"], stdin: endInput, before: rearm },
]);
writeFileSync(join(dataDir, "config.json"), JSON.stringify({ sessionEndJobs: "cancel" }));
const cancel = measure([{ name: "SessionEnd, 5 running jobs, policy cancel (interactive)", argv: [cc, "hook", "session-end"], stdin: endInput, before: rearm }]);
const cancelled = endingJobs.filter((id) => store.get(id)!.cancelRequestedAt !== null).length;
for (const s of sleepers) s.kill("SIGKILL");
closeDatabase();

const rows = [...hot, ...withRunning.slice(1), ...cancel];
const base = stats(hot[0]![1].map((s) => s.ms)).median;
const baseCpu = stats(hot[0]![1].map((s) => s.cpuMs)).median;
printTable(
  ["what", "runs", "min ms", "median ms", "max ms", "× hello (wall)", "median CPU ms", "× hello (CPU)", "peak RSS MiB"],
  rows.map(([name, samples]) => {
    const t = stats(samples.map((s) => s.ms));
    const cpu = stats(samples.map((s) => s.cpuMs)).median;
    return [name, runs, fmtMs(t.min), fmtMs(t.median), fmtMs(t.max), (t.median / base).toFixed(2), fmtMs(cpu), baseCpu ? (cpu / baseCpu).toFixed(2) : "-", fmtMiB(stats(samples.map((s) => s.rssBytes)).max)];
  }),
);
console.log(`cancel policy: ${cancelled}/5 jobs marked cancel-requested by the last SessionEnd run`);
rmSync(work, { recursive: true, force: true });
