/**
 * The parts of the hooks that need no Codex: the gate's decisions before any Claude call (turn
 * caps, stop_hook_active, baselines), marking jobs announced exactly once, and the hooks' words.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readBaseline, type TurnChange, takeBaseline, turnChange } from "../../src/gate/baseline.ts";
import { codexOwnChanges, diffOfPaths } from "../../src/gate/cc-edits.ts";
import { type GateRequest, runStopGate } from "../../src/gate/run.ts";
import { closeDatabase } from "../../src/jobs/db.ts";
import { markNoticed, unreadFinished } from "../../src/jobs/notices.ts";
import { type CodexSession, SessionStore } from "../../src/jobs/sessions.ts";
import { JobStore } from "../../src/jobs/store.ts";
import type { Job } from "../../src/jobs/types.ts";
import { takeSnapshot } from "../../src/lib/tree-snapshot.ts";
import { gateBlockReason, renderGateResult } from "../../src/render/gate.ts";
import { renderFinishedLine, renderNudge } from "../../src/render/notices.ts";
import { initRepo } from "../support/git.ts";

let dir: string;
let repo: string;
let store: JobStore;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-hook-gate-"));
  repo = join(dir, "repo");
  initRepo(repo, { "a.txt": "one\n" });
  store = new JobStore(join(dir, "cc.db"));
});
afterAll(() => {
  closeDatabase();
  rmSync(dir, { recursive: true, force: true });
});

const session = (over: Partial<CodexSession>): CodexSession => ({
  id: "s",
  cwd: repo,
  transcriptPath: null,
  source: null,
  origin: null,
  startedAt: 0,
  updatedAt: 0,
  endedAt: null,
  turnId: "t1",
  turnStartedAt: 0,
  baselineJson: null,
  gateBlocks: 0,
  ...over,
});
const request = (over: Partial<GateRequest>): GateRequest => ({
  sessionId: "s",
  turnId: "t1",
  cwd: repo,
  stopHookActive: false,
  lastAssistantMessage: "done",
  session: null,
  config: { reviewGate: true },
  store,
  // Any Claude call would fail loudly: none of these cases may reach one.
  env: { CC_CLAUDE_BIN: "/nonexistent/claude" },
  ...over,
});

describe("stop gate decisions before Claude", () => {
  test("a continued stop past the turn's cap is allowed without a review", async () => {
    const d = await runStopGate(request({ stopHookActive: true, session: session({ gateBlocks: 1 }) }));
    expect(d).toEqual({ kind: "allow", line: expect.stringContaining("this stop was not reviewed again") });
    expect((d as { line: string }).line).not.toContain("reviewGateMaxBlocks");
  });

  test("a continued stop of a turn cc has no record of counts as capped (never loops on missing state)", async () => {
    const d = await runStopGate(request({ stopHookActive: true, session: null }));
    expect(d.kind).toBe("allow");
    expect(await runStopGate(request({ stopHookActive: true, session: null, config: { reviewGate: true, reviewGateMaxBlocks: 0 } }))).toEqual({
      kind: "silent",
    });
  });

  test("a turn that began with the gate off (the turn that turns it on): silent, no false 'did not run'", async () => {
    expect(await runStopGate(request({ session: null }))).toEqual({ kind: "silent" });
    const other = session({ turnId: "t0", baselineJson: takeBaseline(repo) });
    expect(await runStopGate(request({ session: other }))).toEqual({ kind: "silent" });
  });

  test("this turn's baseline is there but unreadable: allowed, with the reason", async () => {
    const d = await runStopGate(request({ session: session({ baselineJson: "{not json" }) }));
    expect(d).toEqual({ kind: "allow", failedOpen: true, line: expect.stringContaining("could not be read") });
  });

  test("no net edits since the baseline: silent allow", async () => {
    expect(await runStopGate(request({ session: session({ baselineJson: takeBaseline(repo) }) }))).toEqual({ kind: "silent" });
  });

  test("outside a git repository: allowed, saying why", async () => {
    const plain = mkdtempSync(join(dir, "plain-"));
    const d = await runStopGate(request({ cwd: plain, session: session({ baselineJson: takeBaseline(plain) }) }));
    expect(d).toEqual({ kind: "allow", failedOpen: true, line: "cc review gate did not run: not a git repository. The stop proceeds." });
  });

  test("edits cc's own commands made this turn are left out: only a rescue's edit → no review; with Codex's own edit → only Codex's file", async () => {
    const sessions = new SessionStore(store);
    const repoC = join(dir, "repo-cc-edits");
    initRepo(repoC, { "a.txt": "one\n", "b.txt": "two\n" });
    sessions.beginTurn({ id: "own", cwd: repoC }, { turnId: "t1", baselineJson: takeBaseline(repoC) });
    // A rescue in this turn: the tree before it ran, Claude's edit, the tree after.
    const before = takeSnapshot(repoC).tree!;
    writeFileSync(join(repoC, "a.txt"), "one, edited by Claude\n");
    sessions.recordCcEdit("own", { before, after: takeSnapshot(repoC).tree!, by: "rescue rescue-x" });
    const onlyCc = await runStopGate(request({ sessionId: "own", cwd: repoC, session: sessions.get("own") }));
    expect(onlyCc).toEqual({ kind: "silent" });

    // Codex edits a file of its own afterwards, and Claude's file once more: the gate reviews those two.
    writeFileSync(join(repoC, "b.txt"), "two, edited by Codex\n");
    const baselineJson = sessions.get("own")!.baselineJson;
    const change = turnChange(repoC, readBaseline(baselineJson)!) as TurnChange;
    expect([...codexOwnChanges(repoC, baselineJson, change).paths]).toEqual(["b.txt"]);
    writeFileSync(join(repoC, "a.txt"), "one, edited by Claude, then by Codex\n");
    const again = turnChange(repoC, readBaseline(baselineJson)!) as TurnChange;
    expect([...codexOwnChanges(repoC, baselineJson, again).paths].sort()).toEqual(["a.txt", "b.txt"]);
    const diff = "diff --git a/a.txt b/a.txt\n-one\n+x\ndiff --git a/b.txt b/b.txt\n-two\n+y\n";
    expect(diffOfPaths(diff, new Set(["b.txt"]))).toBe("diff --git a/b.txt b/b.txt\n-two\n+y\n");
  });

  test("the turn's block count is per turn", () => {
    const sessions = new SessionStore(store);
    sessions.beginTurn({ id: "counted", cwd: repo }, { turnId: "a", baselineJson: null });
    expect(sessions.countGateBlock("counted")).toBe(1);
    expect(sessions.countGateBlock("counted")).toBe(2);
    sessions.beginTurn({ id: "counted", cwd: repo }, { turnId: "b", baselineJson: null });
    expect(sessions.get("counted")).toMatchObject({ turnId: "b", gateBlocks: 0 });
  });
});

describe("announcing finished jobs", () => {
  test("each job is marked once, even when two hooks race", () => {
    const job = store.insert({
      kind: "review",
      summary: "r",
      workspaceRoot: repo,
      cwd: repo,
      codexSession: "race",
      request: { prompt: "p", cwd: repo, profile: "read-only" },
    });
    store.start(job.id, process.pid, null);
    store.end(job.id, ["running"], "completed", {});
    expect(unreadFinished(store, { codexSession: "race", unmarked: "announced_at" }).map((j) => j.id)).toEqual([job.id]);
    expect(markNoticed(store, [job.id], "announced_at")).toEqual([job.id]);
    expect(markNoticed(store, [job.id], "announced_at")).toEqual([]);
    expect(unreadFinished(store, { codexSession: "race", unmarked: "announced_at" })).toEqual([]);
    // Read jobs and gate jobs are never announced.
    const gate = store.insert({
      kind: "gate",
      summary: "g",
      workspaceRoot: repo,
      cwd: repo,
      codexSession: "race",
      request: { prompt: "p", cwd: repo, profile: "read-only" },
    });
    store.start(gate.id, process.pid, null);
    store.end(gate.id, ["running"], "completed", {});
    expect(unreadFinished(store, { codexSession: "race", unmarked: "noticed_at", excludeKinds: ["gate"] }).map((j) => j.id)).toEqual([job.id]);
    store.markRead(job.id);
    expect(unreadFinished(store, { codexSession: "race", unmarked: "noticed_at", excludeKinds: ["gate"] })).toEqual([]);
  });
});

describe("the hooks' words", () => {
  const job = (over: Partial<Job>): Job => ({
    ...store.insert({
      kind: "review",
      summary: "Review of the working tree — approve",
      workspaceRoot: repo,
      cwd: repo,
      codexSession: "w",
      request: { prompt: "p", cwd: repo, profile: "read-only" },
    }),
    status: "completed",
    resultText: "THE FULL RESULT",
    ...over,
  });

  test("the nudge points at the job and the command, never at its output", () => {
    const j = job({});
    const text = renderNudge([j]);
    expect(text).toContain(j.id);
    expect(text).toContain(`$cc:result ${j.id}`);
    expect(text).not.toContain("THE FULL RESULT");
    const many = renderNudge([job({}), job({}), job({}), job({ status: "failed" })]);
    expect(many).toContain("4 Claude Code background jobs");
    expect(many).toContain("- and 1 more");
    expect(renderFinishedLine([j], "this turn")).toBe(`cc: ${j.id} (review) finished during this turn — $cc:result ${j.id}`);
  });

  test("a block reason lists Claude's findings; cc result shows the verdict", () => {
    const verdict = { decision: "block" as const, summary: "S", reasons: ["src/a.ts:3 — wrong — fix it"] };
    const j = job({ kind: "gate", kindOutput: { verdict, note: null }, costUsd: 0.0123 });
    expect(gateBlockReason(j, verdict)).toContain("- src/a.ts:3 — wrong — fix it");
    const shown = renderGateResult(j);
    expect(shown).toContain("Decision: block");
    expect(shown).toContain(`${j.id} · gate · completed · $0.01`);
  });
});
