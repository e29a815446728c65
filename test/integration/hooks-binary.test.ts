/**
 * `cc hook` through the compiled binary: a sample of hostile inputs, a 10 MB stdin, a stdin that
 * never closes, a locked, corrupt or unreachable database, subagent events, and the SessionEnd
 * policy against a real background job (real claude against a stalled Messages mock).
 */

import { Database } from "bun:sqlite";
import { afterAll, afterEach, beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { closeDatabase } from "../../src/jobs/db.ts";
import { JobStore } from "../../src/jobs/store.ts";
import { processStartTime } from "../../src/lib/process.ts";
import { type AnthropicMock, reply, startAnthropicMock } from "../support/anthropic-mock.ts";
import { ccBinary, claudeBin } from "../support/bins.ts";
import { writeFiles } from "../support/git.ts";
import { assertAcceptable, EVENTS, hostile, rng } from "../support/hook-inputs.ts";
import { describeRun, reapAll, run, waitFor } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

setDefaultTimeout(60_000);

let sb: Sandbox;
beforeEach(() => {
  sb = new Sandbox({ repo: { "src/app.ts": "export const answer = 41;\n" } });
});
afterEach(async () => {
  closeDatabase();
  await reapAll();
  sb.cleanup();
});
afterAll(reapAll);

const hook = (event: string, stdin: string, env: Record<string, string> = {}) =>
  run([ccBinary(), "hook", event], { cwd: sb.repo, env: sb.baseEnv(env), stdin, timeoutMs: 20000 });
const input = (event: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    session_id: "root-session",
    turn_id: "turn-1",
    hook_event_name: event,
    cwd: sb.repo,
    transcript_path: null,
    prompt: "hi",
    stop_hook_active: false,
    last_assistant_message: "done",
    ...extra,
  });
const log = () => readFileSync(join(sb.dataDir, "hooks.log"), "utf8");
function writeConfig(config: Record<string, unknown>): void {
  mkdirSync(sb.dataDir, { recursive: true });
  writeFileSync(join(sb.dataDir, "config.json"), JSON.stringify(config));
}

function seedFinishedJob(session: string): string {
  const store = new JobStore(join(sb.dataDir, "cc.db"));
  const job = store.insert({
    kind: "review",
    summary: "SEEDED_REVIEW",
    workspaceRoot: sb.repo,
    cwd: sb.repo,
    codexSession: session,
    request: { prompt: "p", cwd: sb.repo, profile: "read-only" },
  });
  store.start(job.id, process.pid, null);
  store.end(job.id, ["running"], "completed", { resultText: "SEEDED_RESULT_TEXT" });
  return job.id;
}

describe("cc hook through the compiled binary", () => {
  test("a sample of hostile inputs, a 10 MB stdin and an empty one: exit 0, output Codex accepts", async () => {
    const next = rng(7);
    const inputs = Array.from({ length: 24 }, (_, i) => [EVENTS[i % 4]!, hostile(i, next, sb.repo)] as const);
    inputs.push(
      ["Stop", JSON.stringify({ session_id: "s", last_assistant_message: "x".repeat(10 * 1024 * 1024) })],
      ["UserPromptSubmit", ""],
      ["SessionEnd", "{"],
    );
    for (const [event, stdin] of inputs) {
      const r = await hook(event, stdin);
      expect(r.code, describeRun(r)).toBe(0);
      assertAcceptable(event, r.stdout);
      expect(r.stdout).not.toContain('"decision"');
    }
    expect(log()).toContain("stdin exceeded the size limit");
  });

  test("a stdin that never closes: SessionEnd still answers inside Codex's 1 s budget", async () => {
    const began = Date.now();
    // Half an input on a pipe that is never closed.
    const open = Bun.spawn([ccBinary(), "hook", "session-end"], { cwd: sb.repo, env: sb.baseEnv(), stdin: "pipe", stdout: "pipe", stderr: "pipe" });
    open.stdin.write('{"session_id":"s1"');
    const code = await Promise.race([open.exited, Bun.sleep(5000).then(() => -1)]);
    expect(code).toBe(0);
    expect(Date.now() - began).toBeLessThan(2500);
    expect(await new Response(open.stdout).text()).toBe("");
    expect(log()).toContain("ran out of time");
  });

  test("a database locked by another process, a damaged one, an unusable data dir: exit 0 at once, one log line", async () => {
    // Locked: another connection holds the write lock for longer than the hook's busy timeout.
    expect((await hook("SessionStart", input("SessionStart"))).code).toBe(0);
    const holder = new Database(join(sb.dataDir, "cc.db"));
    holder.exec("BEGIN IMMEDIATE");
    const began = Date.now();
    const locked = await hook("SessionStart", input("SessionStart", { session_id: "other" }));
    holder.exec("ROLLBACK");
    holder.close();
    expect(locked.code, describeRun(locked)).toBe(0);
    expect(locked.stdout).toBe("");
    expect(Date.now() - began).toBeLessThan(5000);
    expect(log()).toMatch(/SessionStart .*failed: cc's job database is locked/);

    const damaged = join(sb.root, "damaged");
    mkdirSync(damaged);
    writeFileSync(join(damaged, "cc.db"), "this is not a database, not at all ".repeat(200));
    const r = await hook("UserPromptSubmit", input("UserPromptSubmit"), { CC_DATA_DIR: damaged });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(join(damaged, "hooks.log"), "utf8")).toContain("damaged");

    const nowhere = await hook("Stop", input("Stop"), { CC_DATA_DIR: "/proc/cc-no-such-dir" });
    expect(nowhere.code, describeRun(nowhere)).toBe(0);
    expect(nowhere.stdout).toBe("");
  });

  test("subagent events (agent_id): no nudge, nothing marked, no gate; the root session still gets its nudge", async () => {
    const id = seedFinishedJob("root-session");
    writeConfig({ reviewGate: true });
    // A baseline for the root turn, then an edit: a root Stop would now run the gate.
    expect((await hook("UserPromptSubmit", input("UserPromptSubmit", { prompt: "$cc:status" }))).code).toBe(0);
    writeFiles(sb.repo, { "src/app.ts": "export const answer = 42;\n" });

    const child = { agent_id: "child-thread", agent_type: "default" };
    const prompt = await hook("UserPromptSubmit", input("UserPromptSubmit", child));
    expect(prompt.code).toBe(0);
    expect(prompt.stdout).toBe("");
    const stop = await hook("Stop", input("Stop", child), { CC_CLAUDE_BIN: "/nonexistent/claude" });
    expect(stop.code).toBe(0);
    expect(stop.stdout).toBe("");
    const store = new JobStore(join(sb.dataDir, "cc.db"));
    expect(store.list({ workspaceRoot: sb.repo, codexSession: null }).filter((j) => j.kind === "gate")).toEqual([]);

    const root = await hook("UserPromptSubmit", input("UserPromptSubmit", { turn_id: "turn-2" }));
    expect(root.code).toBe(0);
    const out = JSON.parse(root.stdout);
    expect(out.hookSpecificOutput.additionalContext).toContain(`$cc:result ${id}`);
    expect(out.hookSpecificOutput.additionalContext).not.toContain("SEEDED_RESULT_TEXT");
    expect(out.systemMessage).toContain(id);
  });
});

describe("SessionStart", () => {
  test("records the session for later use, and on resume says which of its jobs still run (for the user only)", async () => {
    const fresh = await hook("SessionStart", input("SessionStart", { source: "startup", transcript_path: join(sb.root, "rollout.jsonl") }));
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toBe("");
    const store = new JobStore(join(sb.dataDir, "cc.db"));
    expect(store.db.query("SELECT cwd, transcript_path, source FROM sessions WHERE id = 'root-session'").get()).toEqual({
      cwd: sb.repo,
      transcript_path: join(sb.root, "rollout.jsonl"),
      source: "startup",
    });

    const worker = Bun.spawn(["sleep", "30"], { stdout: "ignore", stderr: "ignore" });
    try {
      const job = store.insert({
        kind: "rescue",
        summary: "still going",
        workspaceRoot: sb.repo,
        cwd: sb.repo,
        codexSession: "root-session",
        request: { prompt: "p", cwd: sb.repo, profile: "write" },
      });
      store.start(job.id, worker.pid, processStartTime(worker.pid));
      const resumed = await hook("SessionStart", input("SessionStart", { source: "resume" }));
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toEqual({ systemMessage: `cc: 1 Claude Code job is still running for this session: ${job.id} (rescue) — $cc:status` });
    } finally {
      worker.kill("SIGKILL");
    }
  });
});

describe("SessionEnd policy", () => {
  let claudeMock: AnthropicMock;
  beforeEach(() => {
    claudeMock = startAnthropicMock(() => reply.stall());
  });
  afterEach(() => claudeMock.close());

  const ccEnv = (extra: Record<string, string> = {}) =>
    sb.claudeEnv(claudeMock.url, { CC_CLAUDE_BIN: claudeBin, CODEX_SESSION_ID: "ending-session", ...extra });
  async function runningReview(): Promise<string> {
    writeFiles(sb.repo, { "src/app.ts": "export const answer = 42;\n" });
    const r = await run([ccBinary(), "review", "--background", "--json"], { cwd: sb.repo, env: ccEnv(), timeoutMs: 30000 });
    expect(r.code, describeRun(r)).toBe(0);
    const id = JSON.parse(r.stdout).job as string;
    const store = new JobStore(join(sb.dataDir, "cc.db"));
    // Claude is waiting on the stalled mock: idle, so its start-up does not compete with the hook for CPU.
    expect(await waitFor(() => store.get(id)?.claudeSession != null && claudeMock.requests.some((r) => r.path.startsWith("/v1/messages")), 30000)).toBe(true);
    return id;
  }
  const transcript = (source: string) => {
    const path = join(sb.root, `rollout-${source}.jsonl`);
    writeFileSync(path, `${JSON.stringify({ timestamp: "t", type: "session_meta", payload: { id: "ending-session", originator: "x", source } })}\n`);
    // Codex runs SessionEnd about a minute after the person leaves the session (sooner only on a resume).
    const left = (Date.now() - 70_000) / 1000;
    utimesSync(path, left, left);
    return path;
  };
  const end = (path: string) =>
    hook(
      "SessionEnd",
      JSON.stringify({ session_id: "ending-session", cwd: sb.repo, hook_event_name: "SessionEnd", reason: "other", transcript_path: path }),
      ccEnv(),
    );

  test("cancel policy, interactive session: the hook returns inside the budget and the running job ends cancelled", async () => {
    writeConfig({ sessionEndJobs: "cancel" });
    const id = await runningReview();
    const r = await end(transcript("cli"));
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.durationMs).toBeLessThan(1000);
    const store = new JobStore(join(sb.dataDir, "cc.db"));
    expect(await waitFor(() => store.get(id)!.status === "cancelled", 20000)).toBe(true);
    expect(store.get(id)!.errorMessage).toBe("Cancelled: the session it was started from ended.");
    expect(log()).toContain(`cancelling ${id}`);
  });

  test("cancel policy, but the session was a codex exec: the job keeps running", async () => {
    writeConfig({ sessionEndJobs: "cancel" });
    const id = await runningReview();
    const r = await end(transcript("exec"));
    expect(r.code, describeRun(r)).toBe(0);
    await Bun.sleep(1500);
    const store = new JobStore(join(sb.dataDir, "cc.db"));
    expect(store.get(id)!.status).toBe("running");
    expect(store.get(id)!.cancelRequestedAt).toBeNull();
    expect(log()).toContain("(exec, reason other) ended with 1 job(s) running; kept");
  });

  test("default policy (keep), interactive session: the job keeps running", async () => {
    const id = await runningReview();
    const r = await end(transcript("cli"));
    expect(r.code, describeRun(r)).toBe(0);
    await Bun.sleep(1500);
    expect(new JobStore(join(sb.dataDir, "cc.db")).get(id)!.status).toBe("running");
  });
});
