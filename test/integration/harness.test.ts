/** Proves the harness: the real claude and the real codex talk to our mocks and run real tools. */
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type AnthropicMock, reply, startAnthropicMock, toolSteps } from "../support/anthropic-mock.ts";
import { runClaude } from "../support/claude.ts";
import { codexExec } from "../support/codex.ts";
import { describeRun, reapAll } from "../support/processes.ts";
import { codex, type ResponsesMock, startResponsesMock } from "../support/responses-mock.ts";
import { Sandbox } from "../support/sandbox.ts";

let sb: Sandbox;
let mocks: { close(): Promise<void> }[] = [];
const track = <T extends { close(): Promise<void> }>(m: T): T => {
  mocks.push(m);
  return m;
};

beforeEach(() => {
  sb = new Sandbox();
});
afterEach(async () => {
  await reapAll();
  await Promise.all(mocks.map((m) => m.close()));
  mocks = [];
  sb.cleanup();
});
afterAll(reapAll);

describe("claude against the Messages mock", () => {
  test("claude -p returns the scripted text", async () => {
    const mock: AnthropicMock = track(startAnthropicMock(() => reply.text("Scripted hello from the mock", { chunks: 3 })));
    const r = await runClaude([], { cwd: sb.repo, env: sb.claudeEnv(mock.url), prompt: "say hello" });
    expect(r.result?.result, describeRun(r)).toBe("Scripted hello from the mock");
    expect(r.result?.is_error).toBe(false);
    expect(mock.requests.length).toBeGreaterThanOrEqual(1);
    expect(mock.requests[0]!.userText()).toContain("say hello");
  }, 60000);

  test("claude executes a scripted Bash tool call and sends its output back", async () => {
    const mock = track(
      startAnthropicMock(toolSteps([reply.tool("Bash", { command: "git log --format=%s", description: "show log" }, "Looking.")], reply.text("done"))),
    );
    const r = await runClaude(["--permission-mode", "dontAsk", "--tools", "Read,Bash"], {
      cwd: sb.repo,
      env: sb.claudeEnv(mock.url),
      prompt: "what is the log?",
    });
    expect(r.result?.result, describeRun(r)).toBe("done");
    const second = mock.requests.at(-1)!;
    expect(second.results()[0]?.content).toContain("initial");
    expect(second.results()[0]?.isError).toBe(false);
  }, 60000);

  test("an HTTP error with x-should-retry: false fails at once", async () => {
    const mock = track(startAnthropicMock(() => reply.error(529)));
    const r = await runClaude([], { cwd: sb.repo, env: sb.claudeEnv(mock.url), prompt: "hi" });
    expect(r.result?.is_error, describeRun(r)).toBe(true);
    expect(r.result?.api_error_status).toBe(529);
    expect(mock.requests.length).toBe(1);
  }, 60000);
});

describe("codex against the Responses mock", () => {
  test("codex exec runs a scripted exec_command and its next request carries the output", async () => {
    const proof = join(sb.repo, "proof.txt");
    const mock: ResponsesMock = track(
      startResponsesMock((req) => {
        const out = req.outputs();
        if (out.length === 0) return codex.exec(`echo harness-$((20+22)) > ${proof} && cat ${proof}`);
        return codex.say(`command said: ${out[0]!.output.trim()} (exit ${out[0]!.exitCode})`);
      }),
    );
    sb.writeCodexConfig(mock.url);
    const r = await codexExec(sb, "run the probe");
    expect(mock.scriptErrors).toEqual([]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(existsSync(proof)).toBe(true);
    expect(readFileSync(proof, "utf8")).toBe("harness-42\n");
    expect(mock.requests.length).toBe(2);
    expect(mock.requests[1]!.outputs()[0]!.output).toContain("harness-42");
    expect(r.lastMessage).toBe("command said: harness-42 (exit 0)");
    expect(r.threadId).toBeString();
  }, 60000);

  test("a long command is polled with write_stdin until it exits", async () => {
    const mock = track(
      startResponsesMock((req) => {
        const last = req.outputs().at(-1);
        if (!last) return codex.exec("echo start; sleep 2; echo late-done", { yieldTimeMs: 500 });
        if (last.sessionId !== null) return codex.poll(last.sessionId, 5000);
        return codex.say(`final: ${last.output.trim()}`);
      }),
    );
    sb.writeCodexConfig(mock.url);
    const r = await codexExec(sb, "run the long probe");
    expect(mock.scriptErrors).toEqual([]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(mock.requests[1]!.outputs()[0]!.sessionId).toBeNumber();
    expect(r.lastMessage).toContain("late-done");
  }, 60000);
});
