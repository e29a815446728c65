/**
 * Issue 26: background write rescues run in a worktree by default; over the per-workspace cap they
 * wait as `queued`; a kill -9 of a worktree job's worker leaves a failed job whose worktree is kept
 * and can still be applied; `cc wait` reports every outcome; discard and prune leave
 * `git worktree list` and `git branch` as they were. Real claude (mock model), cc from source.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxAvailability } from "../../src/claude/sandbox.ts";
import { type AnthropicMock, reply, startAnthropicMock } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../support/bins.ts";
import { git } from "../support/git.ts";
import { longBash, whyNoTool } from "../support/long-tool.ts";
import { describeRun, reapAll, run, waitFor } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

const available = sandboxAvailability();
if (!available.ok) console.warn(`skipping the worktree job tests: ${available.reason}`);
const sandboxTest = available.ok ? test : test.skip;

let sb: Sandbox;
let mock: AnthropicMock;
let e: Record<string, string>;

beforeAll(() => {
  sb = new Sandbox({ repo: { "a.txt": "a\n", "b.txt": "b\n" } });
  const slow = longBash(sb.root);
  // Each task's first words pick its script; the step is the number of tool results so far.
  mock = startAnthropicMock((req) => {
    const text = req.userText();
    if (text.includes("SLOW"))
      return [reply.tool("Bash", { command: "echo partial > partial.txt", description: "write" }), slow][req.toolResults] ?? reply.text("never");
    if (text.includes("QUICK"))
      return req.toolResults === 0 ? reply.tool("Bash", { command: "echo quick > b.txt", description: "write" }) : reply.text("quick done");
    return reply.error(400, "scripted failure");
  });
  e = sb.claudeEnv(mock.url, { CC_CLAUDE_BIN: claudeBin });
  mkdirSync(sb.dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(sb.dataDir, "config.json"), JSON.stringify({ rescueParallelLimit: 1 }), { mode: 0o600 });
});
afterAll(async () => {
  await reapAll();
  await mock.close();
  sb.cleanup();
});

const cc = (args: string[], timeoutMs = 60000) => run([...ccFromSource, ...args], { cwd: sb.repo, env: e, timeoutMs });
const detail = async (job: string) => JSON.parse((await cc(["status", job, "--json"])).stdout).job;

sandboxTest(
  "queued over the cap; kill -9 keeps the worktree; cc wait reports all; apply, discard and prune",
  async () => {
    const worktreesBefore = git(sb.repo, "worktree", "list", "--porcelain");
    const branchesBefore = git(sb.repo, "branch", "-a");
    const slow = await cc(["rescue", "--background", "--json", "SLOW task"]);
    expect(slow.code, describeRun(slow)).toBe(0);
    const a = JSON.parse(slow.stdout).job as string;
    const text = await cc(["rescue", "--background", "QUICK task"]);
    expect(text.code, describeRun(text)).toBe(0);
    const b = /Started rescue job (rescue-[0-9a-z]+)/.exec(text.stdout)![1]!;
    expect(text.stdout).toContain("its own worktree");
    expect(await waitFor(async () => String((await detail(a)).progress?.currentTool ?? "").includes("wait"), 40000, 250), whyNoTool(mock)).toBe(true);
    // The cap is 1: the second waits, queued, while the first runs.
    await Bun.sleep(1500);
    expect((await detail(b)).status).toBe("queued");
    expect(existsSync(join(sb.repo, "partial.txt"))).toBe(false);

    const worker = (await detail(a)).workerPid as number;
    process.kill(worker, "SIGKILL");
    const c = JSON.parse((await cc(["rescue", "--background", "--json", "FAIL task"])).stdout).job as string;
    const waited = await cc(["wait", a, b, c], 120000);
    expect(waited.code, describeRun(waited)).not.toBe(0);
    const lines = waited.stdout.trim().split("\n");
    expect(lines.length).toBe(3);
    expect(waited.stdout).toMatch(new RegExp(`${a} failed`));
    expect(waited.stdout).toMatch(new RegExp(`${b} completed`));
    expect(waited.stdout).toMatch(new RegExp(`${c} failed`));
    expect(readFileSync(join(sb.repo, "b.txt"), "utf8")).toBe("b\n");
    // Inside Codex the same join is `$cc:status --wait <job> <job> …`.
    const joined = await cc(["status", "--wait", a, b, c]);
    expect(joined.code).toBe(waited.code);
    // The same outcomes; the order is the order they arrived in, which differs between the two waits.
    const outcomes = (out: string) => out.trim().split("\n").sort();
    expect(outcomes(joined.stdout)).toEqual(outcomes(waited.stdout));

    // The killed job's worktree is kept, listed, and its partial work can be applied.
    expect(existsSync(join(sb.dataDir, "worktrees", a, "partial.txt"))).toBe(true);
    const status = await cc(["status"]);
    expect(status.stdout).toContain("Worktrees:");
    expect(status.stdout).toMatch(new RegExp(`${a}: .*waiting to be applied`));
    const applied = await cc(["apply", a]);
    expect(applied.code, describeRun(applied)).toBe(0);
    expect(readFileSync(join(sb.repo, "partial.txt"), "utf8")).toBe("partial\n");
    const appliedB = await cc(["apply", b]);
    expect(appliedB.code, describeRun(appliedB)).toBe(0);
    expect(readFileSync(join(sb.repo, "b.txt"), "utf8")).toBe("quick\n");

    // Read them all, then prune: the applied ones go, worktrees and refs with them; a held one stays.
    for (const job of [a, b, c]) await cc(["result", job]);
    const held = JSON.parse((await cc(["rescue", "--background", "--json", "QUICK again"])).stdout).job as string;
    expect((await cc(["wait", held], 90000)).code).toBe(0);
    await cc(["result", held]);
    const pruned = await cc(["status", "--prune", "--older-than", "0s"]);
    expect(pruned.code, describeRun(pruned)).toBe(0);
    expect(pruned.stdout).toContain(`Kept ${held}`);
    expect(existsSync(join(sb.dataDir, "worktrees", a))).toBe(false);
    expect(existsSync(join(sb.dataDir, "worktrees", held))).toBe(true);
    // The failed one holds its (unchanged) worktree too, until discarded.
    expect(pruned.stdout).toContain(c);
    for (const job of [held, c]) {
      const discarded = await cc(["discard", job]);
      expect(discarded.code, describeRun(discarded)).toBe(0);
    }
    expect(existsSync(join(sb.dataDir, "worktrees", held))).toBe(false);
    expect(git(sb.repo, "worktree", "list", "--porcelain")).toBe(worktreesBefore);
    expect(git(sb.repo, "branch", "-a")).toBe(branchesBefore);
    expect(git(sb.repo, "for-each-ref", "refs/cc/worktrees")).toBe("");
  },
  300000,
);
