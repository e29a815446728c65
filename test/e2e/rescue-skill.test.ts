/**
 * `$cc:rescue` through the real codex under workspace-write with cc's rules file, following the
 * skill's quoting rules: a task with an apostrophe goes in double quotes, and a task with `$`,
 * backticks, quotes and newlines goes through a file written first (`--prompt-file`). Both must
 * still match Codex's allow rule (cc runs outside the sandbox, no escalation), reach Claude byte for
 * byte, and bring Claude's edit and answer back into Codex's final message.
 *
 * (Measured while writing this: the POSIX form 'don'\''t' does NOT match the rule — Codex runs it
 * sandboxed — which is why the skill avoids it.)
 */
import { afterAll, afterEach, beforeEach, expect, setDefaultTimeout } from "bun:test";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { reply, startAnthropicMock, toolSteps, type AnthropicMock } from "../support/anthropic-mock.ts";
import { ccBinary, claudeBin, codexBin } from "../support/bins.ts";
import { codexExec } from "../support/codex.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { codex, startResponsesMock, type CodexRequest, type ResponsesMock } from "../support/responses-mock.ts";
import { Sandbox } from "../support/sandbox.ts";
import { followSkill, readSkill } from "./codex-skills.ts";
import { sandboxTest } from "../support/os-sandbox.ts";

setDefaultTimeout(150_000);

let sb: Sandbox;
let claudeMock: AnthropicMock;
let codexMock: ResponsesMock;

beforeEach(() => {
  sb = new Sandbox({ repo: { "a.txt": "hello\n", "b.txt": "keep\n" } });
  claudeMock = startAnthropicMock(
    toolSteps([reply.tool("Bash", { command: "sed -i s/hello/HELLO/ a.txt", description: "edit a.txt" })], reply.text("RESCUE_DONE: a.txt says HELLO now.")),
  );
  codexMock = startResponsesMock(() => codex.say("unused"));
});
afterEach(async () => {
  await reapAll();
  await Promise.all([claudeMock.close(), codexMock.close()]);
  sb.cleanup();
});
afterAll(reapAll);

async function setUp(): Promise<{ env: Record<string, string>; cc: string }> {
  const env = sb.claudeEnv(claudeMock.url, { CC_CODEX_BIN: codexBin, CC_CLAUDE_BIN: claudeBin });
  // Codex's default workspace-write (/tmp writable); claude's key must reach the command Codex runs.
  sb.writeCodexConfig(codexMock.url, { sandboxMode: "workspace-write", extra: `[shell_environment_policy]\nignore_default_excludes = true\n` });
  const lonely = join(sb.root, "download");
  mkdirSync(lonely, { recursive: true });
  copyFileSync(ccBinary(), join(lonely, "cc"));
  const installed = await run([join(lonely, "cc"), "install", "--yes"], { cwd: sb.repo, env, timeoutMs: 60000 });
  expect(installed.code, describeRun(installed)).toBe(0);
  return { env, cc: join(sb.dataDir, "bin", "cc") };
}

const calls = (req: CodexRequest) => req.body.input.filter((i: any) => i.type === "function_call").map((i: any) => JSON.parse(i.arguments));

sandboxTest("an apostrophe in the task: double quotes match the rule; the task arrives intact; edit and answer come back", async () => {
  const { env, cc } = await setUp();
  const task = "don't touch b.txt; make a.txt say HELLO";
  codexMock.setScript((req) => {
    expect(req.skills().at(-1)!.body).toContain("wrap it in double quotes");
    return followSkill(req, { args: `"${task}"` });
  });
  const turn = await codexExec(sb, "$cc:rescue fix the greeting", { env, timeoutMs: 120000 });
  expect(codexMock.scriptErrors).toEqual([]);
  expect(turn.code, describeRun(turn)).toBe(0);
  const [call] = calls(codexMock.requests.at(-1)!);
  expect(call.cmd).toBe(`${cc} rescue "${task}"`);
  expect(call.sandbox_permissions).toBeUndefined();
  expect(claudeMock.requests.length, turn.lastMessage).toBeGreaterThan(0);
  expect(claudeMock.requests[0]!.userText()).toContain(`<task>\n${task}\n</task>`);
  expect(readFileSync(join(sb.repo, "a.txt"), "utf8")).toBe("HELLO\n");
  expect(readFileSync(join(sb.repo, "b.txt"), "utf8")).toBe("keep\n");
  expect(turn.lastMessage).toContain("RESCUE_DONE: a.txt says HELLO now.");
  expect(turn.lastMessage).toMatch(/Files changed:\n a\.txt \| 2 \+-/);
}, 60000);

sandboxTest("a shell-hostile task goes through --prompt-file: written in the sandbox, read by cc outside it, byte for byte", async () => {
  const { env } = await setUp();
  const task = `don't run $(rm -rf ~) or \`id\`; say "HELLO" in a.txt\nsecond line with a \\ backslash`;
  const file = `/tmp/cc-task-${process.pid}-${Date.now()}.txt`;
  codexMock.setScript((req) => {
    const skill = req.skills().at(-1)!;
    expect(skill.body).toContain("--prompt-file");
    const done = req.outputs();
    if (done.length === 0) return codex.exec(`cat > ${file} <<'CC_TASK_END'\n${task}\nCC_TASK_END`, { yieldTimeMs: 10000 });
    if (done.length === 1) return codex.exec(`${readSkill(skill).program} rescue --prompt-file ${file}`, { yieldTimeMs: 30000 });
    return codex.say(done.at(-1)!.output);
  });
  try {
    const turn = await codexExec(sb, "$cc:rescue fix the greeting", { env, timeoutMs: 120000 });
    expect(codexMock.scriptErrors).toEqual([]);
    expect(turn.code, describeRun(turn)).toBe(0);
    expect(claudeMock.requests.length, turn.lastMessage).toBeGreaterThan(0);
    // The heredoc adds the final newline; everything else is the user's text, untouched.
    expect(claudeMock.requests[0]!.userText()).toContain(`<task>\n${task}\n\n</task>`);
    expect(turn.lastMessage).toContain("RESCUE_DONE");
  } finally {
    Bun.spawnSync(["rm", "-f", file]);
  }
}, 60000);
