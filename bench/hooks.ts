/**
 * Hook costs on the compiled binary, each next to the floor (a Bun-compiled `console.log("hi")`)
 * and `cc version`, measured in the same run, through `sh -c` as Codex runs a hook command:
 * - the four hooks on their "nothing to say" path (every job already announced), in the three
 *   store shapes (10,000 jobs over 10 sessions all unread, all read; over 1,000 sessions);
 * - UserPromptSubmit and SessionEnd with 5 running jobs (reconcile; the keep and cancel policies).
 * Run: `bun run build && bun run bench:hooks` (BENCH_RUNS=30 by default; BENCH_SHAPES=unread,read).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { closeDatabase } from "../src/jobs/db.ts";
import { JobStore } from "../src/jobs/store.ts";
import { processStartTime } from "../src/lib/process.ts";
import { BENCH_SESSION, SHAPES, type ShapeName, seedStore } from "../test/support/store-shapes.ts";
import { type Case, COMPARISON_HEADERS, comparisonRows, compileFloor, FLOOR, measureAll, printTable, VERSION, VERSION_HEADERS } from "./lib.ts";

const root = resolve(import.meta.dir, "..");
const runs = Number(process.env.BENCH_RUNS ?? 30);
const shapes = (process.env.BENCH_SHAPES ?? "unread,read,sessions").split(",") as ShapeName[];
const cc = join(root, "dist/cc");
if (!existsSync(cc)) throw new Error("dist/cc is missing: run `bun run build` first");
const work = mkdtempSync(join(tmpdir(), "cc-bench-hooks-"));
const floor = compileFloor(work);
const repo = join(work, "repo");
mkdirSync(repo);
Bun.spawnSync(["git", "init", "-q", repo]);
const envFor = (dataDir: string) => ({ PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: work, CC_DATA_DIR: dataDir });

const input = (event: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ session_id: BENCH_SESSION, cwd: repo, hook_event_name: event, transcript_path: null, ...extra });

for (const shape of shapes) {
  const dataDir = join(work, `data-${shape}`);
  seedStore(dataDir, repo, SHAPES[shape]);
  const env = envFor(dataDir);
  const hook = (name: string, event: string, stdin: string): Case => ({ name, argv: [cc, "hook", event], stdin, env, cwd: repo });
  const measured = measureAll(
    [
      { name: FLOOR, argv: [floor], env, cwd: repo },
      { name: VERSION, argv: [cc, "version"], env, cwd: repo },
      hook("hook user-prompt-submit", "user-prompt-submit", input("UserPromptSubmit", { prompt: "fix the bug", turn_id: "t1" })),
      hook("hook stop (gate off)", "stop", input("Stop", { turn_id: "t1", stop_hook_active: false, last_assistant_message: "done" })),
      hook("hook session-start", "session-start", input("SessionStart", { source: "startup" })),
      hook("hook session-end (nothing running)", "session-end", input("SessionEnd", { reason: "other" })),
    ],
    runs,
    { shell: true },
  );
  console.log(`\n${SHAPES[shape].label} (through sh -c, as Codex runs hooks)`);
  printTable([...COMPARISON_HEADERS, ...VERSION_HEADERS], comparisonRows(measured, FLOOR, VERSION));
}

// Session "ending" has 5 running jobs whose "workers" are sleepers (re-armed before every run).
const dataDir = join(work, "data-running");
seedStore(dataDir, repo, SHAPES.read);
process.env.CC_DATA_DIR = dataDir;
const env = envFor(dataDir);
const store = new JobStore(join(dataDir, "cc.db"));
const transcript = join(work, "rollout.jsonl");
writeFileSync(transcript, `${JSON.stringify({ type: "session_meta", payload: { id: "ending", source: "cli" } })}\n`);
const endingJobs = Array.from(
  { length: 5 },
  (_, i) =>
    store.insert({
      kind: "rescue",
      summary: `running ${i}`,
      workspaceRoot: repo,
      cwd: repo,
      codexSession: "ending",
      request: { prompt: "p", cwd: repo, profile: "write" },
    }).id,
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
const withRunning = measureAll(
  [
    { name: FLOOR, argv: [floor], env, cwd: repo },
    {
      name: "hook user-prompt-submit, 5 jobs running elsewhere (reconciles)",
      argv: [cc, "hook", "user-prompt-submit"],
      stdin: input("UserPromptSubmit", { prompt: "fix the bug", turn_id: "t1" }),
      env,
      cwd: repo,
      before: rearm,
    },
    { name: "hook session-end, 5 running jobs, policy keep", argv: [cc, "hook", "session-end"], stdin: endInput, env, cwd: repo, before: rearm },
  ],
  runs,
  { shell: true },
);
writeFileSync(join(dataDir, "config.json"), JSON.stringify({ sessionEndJobs: "cancel" }));
const cancel = measureAll(
  [
    {
      name: "hook session-end, 5 running jobs, policy cancel (interactive)",
      argv: [cc, "hook", "session-end"],
      stdin: endInput,
      env,
      cwd: repo,
      before: rearm,
    },
  ],
  runs,
  { shell: true },
);
const cancelled = endingJobs.filter((id) => store.get(id)!.cancelRequestedAt !== null).length;
for (const s of sleepers) s.kill("SIGKILL");
closeDatabase();
console.log("\nwith running jobs (10,000 read jobs besides)");
printTable(COMPARISON_HEADERS, comparisonRows([...withRunning, ...cancel], FLOOR));
console.log(`cancel policy: ${cancelled}/5 jobs marked cancel-requested by the last SessionEnd run`);
rmSync(work, { recursive: true, force: true });
