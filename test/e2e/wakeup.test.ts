/**
 * Waking the idle Codex thread through the real codex (app-server, as the TUI and IDEs drive it)
 * with cc installed from the compiled binary: a `$cc:rescue --background` ends its turn; when the
 * job finishes, the worker's `codex queue` starts a new turn in that thread without a user prompt,
 * carrying the pointer `$cc:result <job>`. Under `codex exec` nothing is queued.
 * The test log prints the model requests each wake cost and its latency.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import { type AnthropicMock, reply, startAnthropicMock } from "../support/anthropic-mock.ts";
import { AppServerDriver, hookEntries } from "../support/app-server-driver.ts";
import { describeRun, reapAll, run, waitFor } from "../support/processes.ts";
import { type CodexRequest, codex, type ResponsesMock, startResponsesMock } from "../support/responses-mock.ts";
import { Sandbox } from "../support/sandbox.ts";
import { followSkill } from "./codex-skills.ts";
import { ccEnv, exec, installCc, outputsSinceLastUser, turnPrompt } from "./hooks-support.ts";

setDefaultTimeout(180_000);

let sb: Sandbox;
let claudeMock: AnthropicMock;
let codexMock: ResponsesMock;
let cc: string;
/** When each woken request arrived (ms since epoch), by request number. */
const arrivals = new Map<number, number>();

const WOKEN = "cc: background job";
const isWoken = (req: CodexRequest) => turnPrompt(req).startsWith(WOKEN);

beforeAll(async () => {
  sb = new Sandbox();
  claudeMock = startAnthropicMock((req) => {
    const users = (req.body?.messages ?? []).filter((m: { role?: string }) => m.role === "user");
    const last = JSON.stringify(users.at(-1)?.content ?? "");
    if (last.includes("ASK-TASK")) return reply.text("I prepared the server.\nNEEDS INPUT: Which port should the server listen on?");
    if (last.includes("port 8080")) return reply.text("ANSWERED: the server listens on 8080.");
    return reply.text("WAKE-RESULT: done", { chunks: 4, chunkDelayMs: 400 });
  });
  codexMock = startResponsesMock((req) => {
    if (isWoken(req)) {
      arrivals.set(req.n, Date.now());
      return codex.say("A background job finished; `$cc:result` shows it.");
    }
    if (turnPrompt(req) === "ask and wait") {
      // One turn that starts a rescue which asks back, and waits for it: the Stop notice's case.
      const outputs = outputsSinceLastUser(req);
      if (outputs.length === 0) return codex.exec(`${cc} rescue --background --read-only ASK-TASK during a turn`);
      if (outputs.length === 1) return codex.exec(`${cc} status ${launchedId(outputs[0]!)} --wait`);
      return codex.say("waited");
    }
    if (turnPrompt(req).includes("$cc:rescue") || turnPrompt(req).includes("$cc:steer")) return followSkill(req);
    return codex.say("ok");
  });
  sb.writeCodexConfig(codexMock.url);
  cc = await installCc(sb, env());
});
afterAll(async () => {
  await reapAll();
  await Promise.all([claudeMock.close(), codexMock.close()]);
  sb.cleanup();
});

const env = () => ccEnv(sb, claudeMock.url);
const job = async (id: string) => JSON.parse((await run([cc, "status", id, "--json"], { cwd: sb.repo, env: env(), timeoutMs: 30000 })).stdout).job;
const launchedId = (text: string) => /job (rescue-[0-9a-z]+)/.exec(text)?.[1];

describe("waking the idle Codex thread", () => {
  test("a background rescue launched in an interactive thread starts a new turn there when it finishes, naming `$cc:result <job>` [codex-version]", async () => {
    const client = await AppServerDriver.start({ cwd: sb.repo, env: env() });
    try {
      const thread = await client.startThread(sb.repo);
      const events = await client.turn(thread, "$cc:rescue --background --read-only WAKE-TASK look around");
      const id = launchedId(JSON.stringify(events));
      expect(id, JSON.stringify(events).slice(-2000)).toBeString();
      const idleFrom = client.notifications.length;
      const before = codexMock.requests.length;
      expect(await waitFor(async () => (await job(id!)).status === "completed", 60000, 250)).toBe(true);
      // No user prompt: the worker's `codex queue` starts the turn (the stdio app-server looks every 10 s).
      expect(await waitFor(() => client.notifications.slice(idleFrom).some((n) => n.method === "turn/completed"), 40000, 100)).toBe(true);
      const woken = codexMock.requests.slice(before);
      expect(woken.length).toBeGreaterThan(0);
      expect(turnPrompt(woken[0]!)).toContain(`$cc:result ${id}`);
      expect(woken[0]!.metadata.turn_trigger).toBe("queue");
      const finished = (await job(id!)).finishedAt as number;
      const latency = arrivals.get(woken[0]!.n)! - finished;
      process.stderr.write(`wake-up (app-server, stdio): ${woken.length} model request(s); first request ${latency} ms after the job finished\n`);
      // The woken turn was the notice: the next prompt is not pointed at the job again.
      const next = codexMock.requests.length;
      await client.turn(thread, "anything else?");
      expect(codexMock.requests.slice(next).some((r) => r.developerTexts().some((t) => t.includes(id!)))).toBe(false);
      expect(readFileSync((await job(id!)).logPath, "utf8")).toContain("woke Codex thread");
    } finally {
      await client.close();
    }
  });

  test("no wake under `codex exec`: the worker says why and Codex's model gets no request", async () => {
    const first = await exec(sb, "$cc:rescue --background --read-only EXEC-TASK look around", env());
    expect(first.code, describeRun(first)).toBe(0);
    const id = launchedId(first.lastMessage);
    expect(id, first.lastMessage).toBeString();
    const before = codexMock.requests.length;
    expect(await waitFor(async () => (await job(id!)).status === "completed", 60000, 250)).toBe(true);
    const log = (await job(id!)).logPath as string;
    expect(await waitFor(() => readFileSync(log, "utf8").includes("Codex thread"), 20000, 200)).toBe(true);
    expect(readFileSync(log, "utf8")).toContain("not waking its Codex thread: its Codex session is a `codex exec` run");
    await Bun.sleep(1000);
    expect(codexMock.requests.slice(before).filter(isWoken)).toEqual([]);
  });

  test("a rescue that ends with a question is needs-input; the next prompt's context asks it once; `$cc:steer` answers it in the same Claude session", async () => {
    const first = await exec(sb, "$cc:rescue --background --read-only ASK-TASK set up the server", env());
    expect(first.code, describeRun(first)).toBe(0);
    const id = launchedId(first.lastMessage)!;
    expect(id, first.lastMessage).toBeString();
    expect(await waitFor(async () => (await job(id)).status === "needs-input", 60000, 250)).toBe(true);

    const asks = (req: CodexRequest) => req.developerTexts().filter((t) => t.includes("Which port should the server listen on?"));
    let mark = codexMock.requests.length;
    const second = await exec(sb, "what now?", env(), first.threadId);
    expect(second.code, describeRun(second)).toBe(0);
    const pointer = asks(codexMock.requests[mark]!);
    expect(pointer.length).toBe(1);
    expect(pointer[0]).toContain(`$cc:steer ${id} <their answer>`);

    mark = codexMock.requests.length;
    const third = await exec(sb, `$cc:steer ${id} use port 8080`, env(), first.threadId);
    expect(third.code, describeRun(third)).toBe(0);
    expect(third.lastMessage).toContain(`${id} was waiting for this answer`);
    // The answer's turn adds no second copy of the question (the earlier one stays in the history).
    expect(asks(codexMock.requests[mark]!).length).toBe(1);
    const next = /as (rescue-[0-9a-z]+)/.exec(third.lastMessage)![1]!;
    expect(await waitFor(async () => (await job(next)).status === "completed", 60000, 250)).toBe(true);
    expect((await job(next)).claudeSession).toBe((await job(id)).claudeSession);
    expect((await job(id)).status).toBe("completed");
    const answered = claudeMock.requests.at(-1)!;
    expect(answered.userText()).toContain("ASK-TASK");
    expect(answered.userText()).toContain("use port 8080");
  });

  test("a job that asks during a turn: the Stop notice shows the question in one line with the answer command, and nothing is woken", async () => {
    const client = await AppServerDriver.start({ cwd: sb.repo, env: env() });
    try {
      const thread = await client.startThread(sb.repo);
      const events = await client.turn(thread, "ask and wait");
      const id = launchedId(JSON.stringify(events))!;
      expect(id).toBeString();
      const stop = hookEntries(events).filter((e) => e.event === "stop" && e.kind === "warning");
      expect(stop.map((e) => e.text)).toEqual([`cc: ${id} (rescue) asks: Which port should the server listen on? — $cc:steer ${id} <answer>`]);
      const log = (await job(id)).logPath as string;
      expect(await waitFor(() => readFileSync(log, "utf8").includes("Codex thread"), 20000, 200)).toBe(true);
      expect(readFileSync(log, "utf8")).toContain("not waking its Codex thread: its Codex thread is in a turn");
    } finally {
      await client.close();
    }
  });
});
