/**
 * Start-up cost of the compiled cc next to the floor (a Bun-compiled `console.log("hi")` built with
 * cc's flags), measured in the same run, round-robin: `cc version`, `cc --help`, and `cc status`
 * and a hook on an empty store. Wall, CPU and each run's own peak RSS (medians).
 * Run: `bun run build && bun run bench:startup` (BENCH_RUNS=30 by default).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { COMPARISON_HEADERS, comparisonRows, compileFloor, FLOOR, measureAll, printTable, VERSION, VERSION_HEADERS } from "./lib.ts";

const root = resolve(import.meta.dir, "..");
const runs = Number(process.env.BENCH_RUNS ?? 30);
const cc = join(root, "dist/cc");
if (!existsSync(cc)) throw new Error("dist/cc is missing: run `bun run build` first");
const work = mkdtempSync(join(tmpdir(), "cc-bench-startup-"));
const floor = compileFloor(work);
const repo = join(work, "repo");
mkdirSync(repo);
Bun.spawnSync(["git", "init", "-q", repo]);
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: work, CC_DATA_DIR: join(work, "data") };

const measured = measureAll(
  [
    { name: FLOOR, argv: [floor], env, cwd: repo },
    { name: VERSION, argv: [cc, "version"], env, cwd: repo },
    { name: "cc --help", argv: [cc, "--help"], env, cwd: repo },
    { name: "cc status (empty store)", argv: [cc, "status"], env, cwd: repo },
    {
      name: "hook user-prompt-submit (empty store)",
      argv: [cc, "hook", "user-prompt-submit"],
      stdin: JSON.stringify({ session_id: "s1", cwd: repo, prompt: "hi" }),
      env,
      cwd: repo,
    },
  ],
  runs,
);
printTable([...COMPARISON_HEADERS, ...VERSION_HEADERS], comparisonRows(measured, FLOOR, VERSION));
rmSync(work, { recursive: true, force: true });
