/**
 * Startup of `cc mcp` on the compiled binary: spawn to the answer of the first `tools/list` (after
 * `initialize`), next to `cc version` and `cc status` (the paths that must not load the MCP SDK),
 * and optionally the same commands of a baseline binary built without the SDK
 * (`BASELINE_CC=/path/to/cc`). Codex includes a non-required server in its first model request only
 * when it answered within about 1 s of being spawned.
 * Run: `bun run build && bun run bench:mcp` (BENCH_RUNS=20 by default).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fmtMiB, fmtMs, printTable, runOnce, type Sample, stats } from "./lib.ts";

const root = resolve(import.meta.dir, "..");
const runs = Number(process.env.BENCH_RUNS ?? 20);
const cc = join(root, "dist/cc");
if (!existsSync(cc)) throw new Error("dist/cc is missing: run `bun run build` first");
const baseline = process.env.BASELINE_CC;
const work = mkdtempSync(join(tmpdir(), "cc-bench-mcp-"));
const repo = join(work, "repo");
mkdirSync(repo);
Bun.spawnSync(["git", "init", "-q", repo]);
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: work, CC_DATA_DIR: join(work, "data") };

const INIT = `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "bench", version: "1" } } })}
${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}
${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" })}
`;

/** Spawn `cc mcp`, send initialize + tools/list, stop the clock at the tools/list answer. */
async function firstToolsList(bin: string): Promise<Sample> {
  const began = performance.now();
  const child = Bun.spawn([bin, "mcp"], { cwd: repo, env, stdin: "pipe", stdout: "pipe", stderr: "ignore" });
  child.stdin.write(INIT);
  child.stdin.flush();
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    text += decoder.decode(chunk);
    if (/"id":2[,}]/.test(text) && text.endsWith("\n")) break;
  }
  const ms = performance.now() - began;
  if (!text.includes('"tools"')) throw new Error(`no tools/list answer: ${text.slice(0, 200)}`);
  child.stdin.end();
  await child.exited;
  return { ms, rssBytes: child.resourceUsage()?.maxRSS ?? 0 };
}

async function measureAsync(fn: () => Promise<Sample>): Promise<Sample[]> {
  await fn(); // warm the page cache
  const out: Sample[] = [];
  for (let i = 0; i < runs; i++) out.push(await fn());
  return out;
}
const measure = (argv: string[]) => measureAsync(async () => runOnce(argv, env));

const rows: [string, Sample[]][] = [
  ["dist/cc version", await measure([cc, "version"])],
  ["dist/cc status", await measure([cc, "status", "-C", repo])],
  ["dist/cc mcp → first tools/list", await measureAsync(() => firstToolsList(cc))],
];
if (baseline) {
  rows.push(["baseline version", await measure([baseline, "version"])]);
  rows.push(["baseline status", await measure([baseline, "status", "-C", repo])]);
}

printTable(
  ["command", "runs", "min ms", "median ms", "max ms", "peak RSS MiB"],
  rows.map(([name, samples]) => {
    const t = stats(samples.map((s) => s.ms));
    const m = stats(samples.map((s) => s.rssBytes));
    return [name, runs, fmtMs(t.min), fmtMs(t.median), fmtMs(t.max), fmtMiB(m.max)];
  }),
);
console.log(`\nbinary size: dist/cc ${fmtMiB(statSync(cc).size)} MiB${baseline ? `, baseline ${fmtMiB(statSync(baseline).size)} MiB` : ""}`);
rmSync(work, { recursive: true, force: true });
