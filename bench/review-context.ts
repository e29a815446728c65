/**
 * Review context building on a huge change (thousands of rewritten files, tens of MB of diff):
 * cc's whole target + context step against the git commands it runs, read to nowhere. The
 * difference is cc's cost beyond git's (splitting, counting, choosing what to inline, rendering);
 * as cc works while git is still writing, it mostly hides behind git, so cc's own CPU time is
 * reported too.
 * Run: `bun run bench:review-context` (BENCH_FILES, BENCH_RUNS, BENCH_BUDGET to vary).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildReviewPrompt, DEFAULT_PROMPT_BUDGET } from "../src/review/prompt.ts";
import { resolveTarget } from "../src/review/target.ts";
import { createHugeChange } from "../test/support/huge-change.ts";
import { fmtMiB, fmtMs, printTable, stats } from "./lib.ts";

const files = Number(process.env.BENCH_FILES ?? 3000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const budget = Number(process.env.BENCH_BUDGET ?? DEFAULT_PROMPT_BUDGET);

const work = mkdtempSync(join(tmpdir(), "cc-bench-review-"));
try {
  const huge = createHugeChange(join(work, "repo"), { files });
  const env = { ...process.env, GIT_OPTIONAL_LOCKS: "0" };
  const gitOnly = () => {
    const began = performance.now();
    let bytes = 0;
    for (const args of [
      ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"],
      ["diff", "--no-ext-diff", "--no-textconv", "--no-color", "--submodule=short", "--cached"],
      ["diff", "--no-ext-diff", "--no-textconv", "--no-color", "--submodule=short"],
    ]) {
      const r = Bun.spawnSync(["git", "-c", "core.quotePath=false", ...args], { cwd: huge.repo, env, stdout: "pipe", stderr: "ignore" });
      bytes += r.stdout.length;
    }
    return { ms: performance.now() - began, bytes };
  };
  const ccContext = async () => {
    const began = performance.now();
    const cpu = process.cpuUsage();
    const r = await resolveTarget({ cwd: huge.repo });
    if (r.kind !== "review") throw new Error(r.message);
    const p = await buildReviewPrompt({ kind: "review", target: r.target, budget });
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - began, cpuMs: (used.user + used.system) / 1000, prompt: p };
  };

  gitOnly();
  await ccContext(); // warm the page cache and the JIT
  const git: number[] = [];
  const cc: number[] = [];
  const cpu: number[] = [];
  let last = await ccContext();
  let gitBytes = 0;
  for (let i = 0; i < runs; i++) {
    const g = gitOnly();
    git.push(g.ms);
    gitBytes = g.bytes;
    last = await ccContext();
    cc.push(last.ms);
    cpu.push(last.cpuMs);
  }
  const g = stats(git);
  const c = stats(cc);
  const u = stats(cpu);
  const ctx = last.prompt.context;
  console.log(
    `${files} rewritten files + ${huge.untracked} untracked; git output ${fmtMiB(gitBytes)} MiB; prompt ${(last.prompt.bytes / 1024).toFixed(0)} KiB of a ${(budget / 1024).toFixed(0)} KiB budget; ${ctx.stats.inlined} of ${ctx.stats.files} files inlined; ${runs} runs\n`,
  );
  printTable(
    ["step", "min ms", "median ms", "max ms"],
    [
      ["git alone (status + 2 diffs, output discarded)", fmtMs(g.min), fmtMs(g.median), fmtMs(g.max)],
      ["cc target + context + prompt (git included)", fmtMs(c.min), fmtMs(c.median), fmtMs(c.max)],
      ["wall-clock beyond git (median difference)", "", fmtMs(c.median - g.median), ""],
      ["cc's own CPU time (user + sys, git's excluded)", fmtMs(u.min), fmtMs(u.median), fmtMs(u.max)],
    ],
  );
  console.log(`\npeak RSS of this process: ${fmtMiB(process.resourceUsage().maxRSS * 1024)} MiB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
