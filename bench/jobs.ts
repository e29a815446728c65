/**
 * `cc status` and `cc result` next to the floor (a Bun-compiled `console.log("hi")`) and `cc version`,
 * measured in the same run, in the three store shapes (10,000 jobs over 10 sessions all unread, all
 * read; over 1,000 sessions), run as a Codex session would (CODEX_THREAD_ID). Then the memory of
 * `cc status --all` with 10 and with 100,000 jobs, and how long a `--background` launch takes.
 * Run: `bun run build && bun run bench:jobs` (BENCH_RUNS=30; BENCH_SHAPES=unread,read,sessions).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BENCH_SESSION, SHAPES, type ShapeName, seedStore } from "../test/support/store-shapes.ts";
import {
  COMPARISON_HEADERS,
  comparisonRows,
  compileFloor,
  compileStatusFloor,
  FLOOR,
  fmtMiB,
  fmtMs,
  measureAll,
  median,
  printTable,
  STATUS_FLOOR,
  stats,
  VERSION,
  VERSION_HEADERS,
} from "./lib.ts";

const root = resolve(import.meta.dir, "..");
const runs = Number(process.env.BENCH_RUNS ?? 30);
const shapes = (process.env.BENCH_SHAPES ?? "unread,read,sessions").split(",") as ShapeName[];
const cc = join(root, "dist/cc");
if (!existsSync(cc)) throw new Error("dist/cc is missing: run `bun run build` first");
const work = mkdtempSync(join(tmpdir(), "cc-bench-jobs-"));
const floor = compileFloor(work);
const statusFloor = compileStatusFloor(work);
const repo = join(work, "repo");
Bun.spawnSync(["git", "init", "-q", repo]);
Bun.spawnSync(["git", "-c", "user.name=bench", "-c", "user.email=bench@cc.invalid", "commit", "-q", "--allow-empty", "-m", "start"], { cwd: repo });
const envFor = (dataDir: string, extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: work,
  CC_DATA_DIR: dataDir,
  CODEX_THREAD_ID: BENCH_SESSION,
  ...extra,
});

for (const shape of shapes) {
  const dataDir = join(work, `data-${shape}`);
  seedStore(dataDir, repo, SHAPES[shape]);
  const env = envFor(dataDir);
  const someId = (Bun.spawnSync([cc, "status", "--json"], { cwd: repo, env })
    .stdout.toString()
    .match(/"id": "([^"]+)"/) ?? [])[1]!;
  const measured = measureAll(
    [
      { name: FLOOR, argv: [floor], env, cwd: repo },
      { name: VERSION, argv: [cc, "version"], env, cwd: repo },
      { name: STATUS_FLOOR, argv: [statusFloor], env, cwd: repo },
      { name: "cc status (this session's newest 20)", argv: [cc, "status"], env, cwd: repo },
      { name: "cc status --json", argv: [cc, "status", "--json"], env, cwd: repo },
      { name: "cc status <id> (one job's detail)", argv: [cc, "status", someId], env, cwd: repo },
      { name: "cc result <id>", argv: [cc, "result", someId], env, cwd: repo },
    ],
    runs,
  );
  console.log(`\n${SHAPES[shape].label} (CODEX_THREAD_ID=${BENCH_SESSION})`);
  printTable([...COMPARISON_HEADERS, ...VERSION_HEADERS], comparisonRows(measured, FLOOR, VERSION));
}

// Memory independent of history: the whole workspace listed, 10 jobs against 100,000.
const small = join(work, "data-10");
const large = join(work, "data-100000");
seedStore(small, repo, { jobs: 10, sessions: 10, read: true }, { resultBytes: 2048 });
seedStore(large, repo, { jobs: 100_000, sessions: 10, read: true }, { resultBytes: 2048 });
const memRuns = Math.max(3, Math.round(runs / 6));
const listing = measureAll(
  [
    { name: "cc status --all, 10 jobs", argv: [cc, "status", "--all"], env: envFor(small), cwd: repo },
    { name: "cc status --all, 100,000 jobs", argv: [cc, "status", "--all"], env: envFor(large), cwd: repo },
    { name: "cc status --json --all, 10 jobs", argv: [cc, "status", "--json", "--all"], env: envFor(small), cwd: repo },
    { name: "cc status --json --all, 100,000 jobs", argv: [cc, "status", "--json", "--all"], env: envFor(large), cwd: repo },
  ],
  memRuns,
);
console.log("\nthe whole workspace listed (goal: 100,000 jobs add at most 20 MiB over 10)");
const rss = (i: number) => median(listing[i]!.samples.map((s) => s.rssBytes));
printTable(
  ["what", "runs", "median ms", "peak RSS MiB", "MiB over 10 jobs"],
  listing.map((m, i) => [m.name, m.samples.length, fmtMs(median(m.samples.map((s) => s.ms))), fmtMiB(rss(i)), i % 2 ? `+${fmtMiB(rss(i) - rss(i - 1))}` : "-"]),
);

// A --background launch returns with the job id (the fake claude exits at once: it must not wait for
// its stdin to close, which cc keeps open for follow-ups, or every worker outlives the benchmark).
const fake = join(work, "fake-claude");
await Bun.write(fake, "#!/bin/sh\nexit 0\n");
Bun.spawnSync(["chmod", "+x", fake]);
await Bun.write(join(repo, "change.txt"), "a change to review\n");
const launchEnv = envFor(join(work, "data-launch"), { CC_CLAUDE_BIN: fake });
const launches = Array.from({ length: Math.min(runs, 10) }, () => {
  const t = performance.now();
  const r = Bun.spawnSync([cc, "review", "--background"], { cwd: repo, env: launchEnv, stdout: "ignore", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`cc review --background exited ${r.exitCode}: ${r.stderr.toString()}`);
  return performance.now() - t;
});
const l = stats(launches);
console.log(
  `\ncc review --background (returns with the job id): median ${fmtMs(l.median)} ms (min ${fmtMs(l.min)}, max ${fmtMs(l.max)}, ${launches.length} runs)`,
);
await Bun.sleep(1000); // let the last background workers finish before their data dir goes
rmSync(work, { recursive: true, force: true });
