/**
 * `bun run bench:preflight` — what the sandbox preflight costs each cc command run under Codex
 * (outside Codex it is skipped). In-process timings of the two probes and the whole check.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkSandbox, probeNetwork, probeWrite } from "../src/codex/preflight.ts";
import { fmtMs, printTable, stats } from "./lib.ts";

const dir = mkdtempSync(join(tmpdir(), "cc-bench-preflight-"));
const env = { CC_DATA_DIR: join(dir, "data"), CODEX_THREAD_ID: "bench" };
const runs = 50;

async function time(fn: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    await fn();
    out.push(performance.now() - began);
  }
  return out;
}

const rows: (string | number)[][] = [];
for (const [name, fn] of [
  ["loopback UDP connect probe", () => probeNetwork()],
  ["data-dir write probe", () => probeWrite(env.CC_DATA_DIR)],
  ["whole preflight (inside Codex)", () => checkSandbox({ env })],
  ["whole preflight (outside Codex: skipped)", () => checkSandbox({ env: { CC_DATA_DIR: env.CC_DATA_DIR } })],
] as const) {
  const s = stats(await time(fn));
  rows.push([name, runs, fmtMs(s.min), fmtMs(s.median), fmtMs(s.max)]);
}
printTable(["step", "runs", "min ms", "median ms", "max ms"], rows);
rmSync(dir, { recursive: true, force: true });
