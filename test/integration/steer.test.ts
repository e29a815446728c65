/**
 * `cc steer` end to end from source: real claude (stream-json input) against the Messages mock, real
 * background workers, real job store. One sandbox and one mock for the file; each test starts its
 * own jobs and tells its requests apart by the task's marker.
 */

import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { type AnthropicMock, type AnthropicRequest, reply, startAnthropicMock } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../support/bins.ts";
import { describeRun, reapAll, run, waitFor } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

let sb: Sandbox;
let mock: AnthropicMock;
const workerPids = new Set<number>();

/** The text of the request's last user message: what Claude is answering now. */
function lastUser(req: AnthropicRequest): string {
  const users = (req.body?.messages ?? []).filter((m: { role?: string }) => m.role === "user");
  const content = users.at(-1)?.content;
  return typeof content === "string" ? content : Array.isArray(content) ? content.map((b: { text?: string }) => b.text ?? "").join("\n") : "";
}

/** Each message's marker picks the reply; a task's first turn is slow (streamed over seconds) so a steer arrives mid-turn. */
function script(req: AnthropicRequest) {
  const last = lastUser(req);
  if (last.includes("ASK-TASK")) return reply.text("I set everything up.\nNEEDS INPUT: Which port should the server listen on?");
  if (last.includes("port 8080")) return reply.text("Done: the server listens on 8080.");
  if (last.includes("STEER-1")) return reply.text("REPLY-TO-STEER-1");
  if (last.includes("STEER-2")) return reply.text("REPLY-TO-STEER-2");
  if (last.includes("STEER-NOW")) return reply.text("REPLY-TO-INTERRUPT");
  if (last.includes("SLOW-TASK")) return reply.text("FIRST-REPLY ".repeat(12), { chunks: 12, chunkDelayMs: 1500 });
  if (last.includes("TASK-ONE")) return reply.text(`FIRST-REPLY ${"of the task ".repeat(4)}`, { chunks: 10, chunkDelayMs: 300 });
  return reply.text("ok");
}

beforeAll(() => {
  sb = new Sandbox();
  mock = startAnthropicMock(script);
});
afterAll(async () => {
  for (const pid of workerPids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
  await reapAll();
  await mock.close();
  sb.cleanup();
});

const env = (extra: Record<string, string> = {}) => sb.claudeEnv(mock.url, { CC_CLAUDE_BIN: claudeBin, CODEX_THREAD_ID: "thread-steer-1", ...extra });
const cc = (args: string[], e = env()) => run([...ccFromSource, ...args], { cwd: sb.repo, env: e, timeoutMs: 45000 });

function row(id: string): { status: string; worker_pid: number | null; claude_session: string | null } {
  const db = new Database(join(sb.dataDir, "cc.db"), { readonly: true });
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    return db.query("SELECT status, worker_pid, claude_session FROM jobs WHERE id = ?").get(id) as never;
  } finally {
    db.close();
  }
}

async function startRescue(task: string): Promise<string> {
  const r = await cc(["rescue", "--background", "--read-only", "--json", task]);
  expect(r.code, describeRun(r)).toBe(0);
  const id = JSON.parse(r.stdout).job as string;
  expect(await waitFor(() => row(id).worker_pid !== null, 20000)).toBe(true);
  workerPids.add(row(id).worker_pid!);
  return id;
}

const requestsWith = (marker: string) => mock.requests.filter((r) => r.userText().includes(marker));

describe("cc steer", () => {
  let steered = "";

  test("a message sent while the first turn streams reaches Claude as its next turn; both replies are in cc result", async () => {
    const id = await startRescue("TASK-ONE: look into the build");
    steered = id;
    expect(await waitFor(() => requestsWith("TASK-ONE").length >= 1, 20000)).toBe(true);
    const s = await cc(["steer", id, "STEER-1: also check the tests"]);
    expect(s.code, describeRun(s)).toBe(0);
    expect(s.stdout).toContain(`Sent to ${id}`);
    const w = await cc(["status", id, "--wait", "--timeout", "60s"]);
    expect(w.code, describeRun(w)).toBe(0);
    expect(row(id).status).toBe("completed");
    // One process, two turns: the second request carries the steer after the first reply.
    const reqs = requestsWith("TASK-ONE");
    expect(reqs.length).toBe(2);
    expect(reqs[1]!.userText()).toContain("STEER-1: also check the tests");
    expect(reqs[0]!.userText()).not.toContain("STEER-1");
    const r = await cc(["result", id]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain("REPLY-TO-STEER-1");
    expect(r.stdout).toContain("FIRST-REPLY of the task");
    expect(r.stdout).toContain("Follow-up 1: “STEER-1: also check the tests”");
    const j = JSON.parse((await cc(["result", id, "--json"])).stdout);
    expect(j.conversation).toEqual([expect.objectContaining({ text: "STEER-1: also check the tests", state: "replied", reply: "REPLY-TO-STEER-1" })]);
    const st = await cc(["status", id]);
    expect(st.stdout).toContain("Conversation: 1 follow-up");
    expect((await cc(["status"])).stdout).toContain("1 follow-up");
    expect(JSON.parse((await cc(["status", "--json"])).stdout).jobs.find((j: { id: string }) => j.id === id).followUps).toBe(1);
  }, 90000);

  test("steering a finished job continues its Claude session as a new job, and says so", async () => {
    expect(steered).not.toBe("");
    const s = await cc(["steer", steered, "STEER-2: now write it down"]);
    expect(s.code, describeRun(s)).toBe(0);
    const next = /continuing its Claude session as (rescue-[a-z0-9]+)/.exec(s.stdout)?.[1];
    expect(next, s.stdout).toBeDefined();
    expect(s.stdout).toContain(`${steered} had already finished`);
    workerPids.add(row(next!).worker_pid ?? 0);
    const w = await cc(["status", next!, "--wait", "--timeout", "60s"]);
    expect(w.code, describeRun(w)).toBe(0);
    expect(row(next!).claude_session).toBe(row(steered).claude_session);
    // The resumed session carries the whole conversation, then the new message.
    const last = requestsWith("STEER-2").at(-1)!;
    expect(last.userText()).toContain("TASK-ONE");
    expect(last.userText()).toContain("STEER-1");
    expect((await cc(["result", next!])).stdout).toContain("REPLY-TO-STEER-2");
    expect((await cc(["status", steered])).stdout).toContain(`continued in ${next}`);
  }, 90000);

  test("a message recorded before a killed worker delivered it is reported undelivered; steering the failed job is a one-line error", async () => {
    const id = await startRescue("SLOW-TASK: a long answer");
    expect(await waitFor(() => requestsWith("SLOW-TASK").length >= 1, 20000)).toBe(true);
    const s = await cc(["steer", id, "STEER-LOST: do not lose me"]);
    expect(s.code, describeRun(s)).toBe(0);
    process.kill(row(id).worker_pid!, "SIGKILL");
    const st = await cc(["status", id]);
    expect(st.stdout).toContain("failed");
    expect(st.stdout).toContain("“STEER-LOST: do not lose me” — NOT delivered");
    expect(requestsWith("STEER-LOST")).toEqual([]);
    const again = await cc(["steer", id, "hello?"]);
    expect(again.code).not.toBe(0);
    expect(again.stderr.trim().split("\n")).toHaveLength(1);
    expect(again.stderr).toContain(`job ${id} failed`);
  }, 90000);

  test("--interrupt stops the turn in progress and Claude takes the message at once", async () => {
    const id = await startRescue("SLOW-TASK: interrupt me");
    expect(await waitFor(() => requestsWith("interrupt me").length >= 1, 20000)).toBe(true);
    const sent = Date.now();
    const s = await cc(["steer", "--interrupt", id, "STEER-NOW: stop and do this"]);
    expect(s.code, describeRun(s)).toBe(0);
    const w = await cc(["status", id, "--wait", "--timeout", "60s"]);
    expect(w.code, describeRun(w)).toBe(0);
    // The slow first answer takes 18 s; interrupted, the whole job ends well before.
    expect(Date.now() - sent).toBeLessThan(12000);
    expect(row(id).status).toBe("completed");
    const j = JSON.parse((await cc(["result", id, "--json"])).stdout);
    expect(j.conversation).toEqual([expect.objectContaining({ text: "STEER-NOW: stop and do this", state: "replied", reply: "REPLY-TO-INTERRUPT" })]);
  }, 90000);

  test("cancel stops a conversation with a message still waiting; the message is shown as not delivered", async () => {
    const id = await startRescue("SLOW-TASK: cancel me");
    expect(await waitFor(() => requestsWith("cancel me").length >= 1, 20000)).toBe(true);
    expect((await cc(["steer", id, "STEER-CANCELLED: never read"])).code).toBe(0);
    const c = await cc(["cancel", id]);
    expect(c.code, describeRun(c)).toBe(0);
    expect(row(id).status).toBe("cancelled");
    expect((await cc(["status", id])).stdout).toContain("“STEER-CANCELLED: never read” — NOT delivered");
    expect(requestsWith("STEER-CANCELLED")).toEqual([]);
  }, 90000);

  test("steering an unknown job exits non-zero with one line", async () => {
    const r = await cc(["steer", "rescue-zzzzzz", "anyone?"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('no job "rescue-zzzzzz"');
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    // No job, or no message: a usage error naming the form, not a stack trace.
    for (const args of [["steer"], ["steer", "rescue-zzzzzz"]]) {
      const u = await cc(args);
      expect(u.code, describeRun(u)).toBe(2);
      expect(u.stderr).not.toContain("internal error");
    }
  }, 30000);

  test("a rescue that ends with a question parks as needs-input; the answer continues the same Claude session", async () => {
    const id = await startRescue("ASK-TASK: set up the server");
    const w = await cc(["status", id, "--wait", "--timeout", "60s"]);
    expect(w.code, describeRun(w)).toBe(0);
    expect(row(id).status).toBe("needs-input");
    const st = await cc(["status", id]);
    expect(st.stdout).toContain("Claude asks: Which port should the server listen on?");
    expect((await cc(["status"])).stdout).toMatch(new RegExp(`${id}\\s+rescue\\s+needs-input`));
    const s = await cc(["steer", id, "use port 8080"]);
    expect(s.code, describeRun(s)).toBe(0);
    expect(s.stdout).toContain(`${id} was waiting for this answer`);
    const next = /as (rescue-[a-z0-9]+)/.exec(s.stdout)![1]!;
    await cc(["status", next, "--wait", "--timeout", "60s"]);
    expect(row(next).status).toBe("completed");
    expect(row(next).claude_session).toBe(row(id).claude_session);
    expect(row(id).status).toBe("completed");
    expect((await cc(["result", next])).stdout).toContain("Done: the server listens on 8080.");
  }, 90000);
});
