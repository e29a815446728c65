/**
 * `$cc:transfer` through the real codex with the installed plugin and cc's rules file: the model
 * follows the skill, the compiled cc runs with Codex's CODEX_THREAD_ID, and the thread so far
 * becomes a Claude Code session that the real `claude --resume` continues. The turn running the
 * transfer is left out (it has not finished); the next `$cc:transfer` adds it, to the same session.
 */
import { afterAll, afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { reply, startAnthropicMock, type AnthropicMock } from "../support/anthropic-mock.ts";
import { ccBinary, claudeBin, codexBin } from "../support/bins.ts";
import { runClaude } from "../support/claude.ts";
import { codexExec } from "../support/codex.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { codex, startResponsesMock, type CodexRequest, type ResponsesMock } from "../support/responses-mock.ts";
import { Sandbox } from "../support/sandbox.ts";
import { followSkill } from "./codex-skills.ts";

setDefaultTimeout(150_000);

let sb: Sandbox;
let claudeMock: AnthropicMock;
let codexMock: ResponsesMock;

beforeEach(() => {
  sb = new Sandbox({ repo: { "a.txt": "hello\n" } });
  claudeMock = startAnthropicMock(() => reply.text("CLAUDE_CONTINUES"));
  codexMock = startResponsesMock((req: CodexRequest) => {
    if (req.skills().length) return followSkill(req);
    // An ordinary turn: run one command, then answer.
    return req.body.input.at(-1)?.type === "function_call_output" ? codex.say("CODEX_ANSWER: a.txt says hello") : codex.exec("cat a.txt");
  });
});
afterEach(async () => {
  await reapAll();
  await Promise.all([claudeMock.close(), codexMock.close()]);
  sb.cleanup();
});
afterAll(reapAll);

async function setUp(): Promise<Record<string, string>> {
  const env = sb.claudeEnv(claudeMock.url, { CC_CODEX_BIN: codexBin, CC_CLAUDE_BIN: claudeBin });
  sb.writeCodexConfig(codexMock.url, { sandboxMode: "workspace-write", extra: `[shell_environment_policy]\nignore_default_excludes = true\n` });
  const lonely = join(sb.root, "download");
  mkdirSync(lonely, { recursive: true });
  copyFileSync(ccBinary(), join(lonely, "cc"));
  const installed = await run([join(lonely, "cc"), "install", "--yes"], { cwd: sb.repo, env, timeoutMs: 60000 });
  expect(installed.code, describeRun(installed)).toBe(0);
  return env;
}

test("$cc:transfer: this thread becomes a Claude session that claude resumes; the next $cc:transfer adds the turn that ran it", async () => {
  const env = await setUp();
  const work = await codexExec(sb, "FIRST_PROMPT what does a.txt say?", { env, timeoutMs: 60000 });
  expect(work.code, describeRun(work)).toBe(0);
  const thread = work.threadId!;

  const transfer = await codexExec(sb, "$cc:transfer", { env, timeoutMs: 90000, extraArgs: ["resume", thread] });
  expect(codexMock.scriptErrors).toEqual([]);
  expect(transfer.code, describeRun(transfer)).toBe(0);
  expect(transfer.lastMessage).toContain(`Transferred Codex thread ${thread} to a new Claude Code session`);
  expect(transfer.lastMessage).toContain("The turn still running in Codex");
  const session = /claude --resume ([0-9a-f-]{36})/.exec(transfer.lastMessage)![1]!;
  expect(transfer.lastMessage).toContain(`cd ${sb.repo} && claude --resume ${session}`);

  const again = await codexExec(sb, "$cc:transfer", { env, timeoutMs: 90000, extraArgs: ["resume", thread] });
  expect(again.code, describeRun(again)).toBe(0);
  expect(again.lastMessage).toContain(`Added 1 turn from Codex thread ${thread} to Claude Code session ${session} (2 turns in it now).`);

  const resumed = await runClaude(["--resume", session], { cwd: sb.repo, env, prompt: "continue", timeoutMs: 60000 });
  expect(resumed.code, resumed.stderr).toBe(0);
  const seen = JSON.stringify(claudeMock.requests.at(-1)!.body.messages);
  for (const text of ["FIRST_PROMPT what does a.txt say?", "cat a.txt", "hello\\n", "CODEX_ANSWER: a.txt says hello", "$cc:transfer"]) {
    expect(seen.split(text).length - 1, text).toBe(1);
  }
  // The skill's instructions were for Codex: Claude gets a one-line note instead.
  expect(seen).toContain("[Codex loaded the skill cc:transfer");
  expect(seen).not.toContain("Show cc's output to the user as is");
});
