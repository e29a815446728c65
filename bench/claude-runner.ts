/**
 * What cc's Claude runner adds on top of `claude -p` itself: wall time of a trivial run and of a
 * 300 KB prompt, raw claude vs startClaude, both against the loopback Messages mock. Also the time
 * from cancel() to every process of the run being gone, with a Bash `sleep 60` running.
 */
import { readFileSync } from "node:fs";
import { findMarkedProcesses } from "../src/claude/cancel.ts";
import { startClaude } from "../src/claude/run.ts";
import { reply, startAnthropicMock, toolSteps } from "../test/support/anthropic-mock.ts";
import { claudeBin } from "../test/support/bins.ts";
import { run } from "../test/support/processes.ts";
import { Sandbox } from "../test/support/sandbox.ts";
import { fmtMs, printTable, stats } from "./lib.ts";

const N = Number(process.env.BENCH_RUNS ?? 5);
const sb = new Sandbox();
const mock = startAnthropicMock(() => reply.text("ok"));
const env = sb.claudeEnv(mock.url, { CC_CLAUDE_BIN: claudeBin });
const big = "x".repeat(300_000);

async function raw(prompt: string): Promise<number> {
  const began = performance.now();
  const r = await run(
    [
      claudeBin,
      "-p",
      "--output-format",
      "stream-json",
      "--verbose",
      "--permission-mode",
      "dontAsk",
      "--tools",
      "Read,Grep,Glob,Bash",
      "--setting-sources",
      "user",
      "--strict-mcp-config",
    ],
    { cwd: sb.repo, env, stdin: prompt, timeoutMs: 30000 },
  );
  if (r.code !== 0) throw new Error(`raw claude failed: ${r.stderr}`);
  return performance.now() - began;
}

async function viaRunner(prompt: string): Promise<number> {
  const began = performance.now();
  const r = await startClaude({ prompt, cwd: sb.repo, profile: "read-only", env, replaceEnv: true });
  const o = await r.outcome;
  if (!o.ok) throw new Error(`runner failed: ${o.message}`);
  return performance.now() - began;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return "";
  }
}

async function cancelTime(): Promise<number> {
  mock.setScript(toolSteps([reply.tool("Bash", { command: "sleep 60", description: "sleep" })], reply.text("never")));
  const r = await startClaude({ prompt: "sleep", cwd: sb.repo, profile: "write", env, replaceEnv: true });
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (findMarkedProcesses(r.runMarker).some((p) => cmdline(p.pid).startsWith("sleep"))) {
        clearInterval(poll);
        resolve();
      }
    }, 50);
  });
  const began = performance.now();
  await r.cancel();
  const ms = performance.now() - began;
  mock.setScript(() => reply.text("ok"));
  return ms;
}

const rows: (string | number)[][] = [];
for (const [name, fn] of [
  ["raw claude -p, 5-byte prompt", () => raw("hello")],
  ["startClaude, 5-byte prompt", () => viaRunner("hello")],
  ["raw claude -p, 300 KB prompt", () => raw(big)],
  ["startClaude, 300 KB prompt", () => viaRunner(big)],
  ["cancel() during sleep 60 → all gone", cancelTime],
] as const) {
  const samples: number[] = [];
  for (let i = 0; i < N; i++) samples.push(await fn());
  const s = stats(samples);
  rows.push([name, N, fmtMs(s.min), fmtMs(s.median), fmtMs(s.max)]);
}
printTable(["case", "runs", "min ms", "median ms", "max ms"], rows);
await mock.close();
sb.cleanup();
