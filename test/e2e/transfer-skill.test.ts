/**
 * `$cc:transfer` through the real codex with the installed plugin and cc's rules file: the model
 * follows the skill, the compiled cc runs with Codex's CODEX_THREAD_ID, and the thread so far
 * becomes a Claude Code session that the real `claude --resume` continues. The turn running the
 * transfer is left out (it has not finished); the next `$cc:transfer` adds it, to the same session.
 */
import { expect, setDefaultTimeout, test } from "bun:test";
import { reply } from "../support/anthropic-mock.ts";
import { runClaude } from "../support/claude.ts";
import { codexExec } from "../support/codex.ts";
import { describeRun } from "../support/processes.ts";
import { type CodexRequest, codex } from "../support/responses-mock.ts";
import { worldPerTest } from "../support/world.ts";
import { followSkill } from "./codex-skills.ts";

setDefaultTimeout(150_000);

const w = worldPerTest({
  repo: { "a.txt": "hello\n" },
  claude: reply.text("CLAUDE_CONTINUES"),
  codex: (req: CodexRequest) => {
    if (req.skills().length) return followSkill(req);
    // An ordinary turn: run one command, then answer.
    return req.body.input.at(-1)?.type === "function_call_output" ? codex.say("CODEX_ANSWER: a.txt says hello") : codex.exec("cat a.txt");
  },
});

async function setUp(): Promise<Record<string, string>> {
  w.sb.writeCodexConfig(w.codex.url, { sandboxMode: "workspace-write", extra: `[shell_environment_policy]\nignore_default_excludes = true\n` });
  await w.install(["--yes"]);
  return w.env();
}

test("$cc:transfer: this thread becomes a Claude session that claude resumes; the next $cc:transfer adds the turn that ran it [codex-version]", async () => {
  const env = await setUp();
  const work = await codexExec(w.sb, "FIRST_PROMPT what does a.txt say?", { env, timeoutMs: 60000 });
  expect(work.code, describeRun(work)).toBe(0);
  const thread = work.threadId!;

  const transfer = await codexExec(w.sb, "$cc:transfer", { env, timeoutMs: 90000, extraArgs: ["resume", thread] });
  expect(w.codex.scriptErrors).toEqual([]);
  expect(transfer.code, describeRun(transfer)).toBe(0);
  expect(transfer.lastMessage).toContain(`Transferred Codex thread ${thread} to a new Claude Code session`);
  expect(transfer.lastMessage).toContain("The turn still running in Codex");
  const session = /claude --resume ([0-9a-f-]{36})/.exec(transfer.lastMessage)![1]!;
  expect(transfer.lastMessage).toContain(`cd ${w.sb.repo} && claude --resume ${session}`);

  const again = await codexExec(w.sb, "$cc:transfer", { env, timeoutMs: 90000, extraArgs: ["resume", thread] });
  expect(again.code, describeRun(again)).toBe(0);
  expect(again.lastMessage).toContain(`Added 1 turn from Codex thread ${thread} to Claude Code session ${session} (2 turns in it now).`);

  const resumed = await runClaude(["--resume", session], { cwd: w.sb.repo, env, prompt: "continue", timeoutMs: 60000 });
  expect(resumed.code, resumed.stderr).toBe(0);
  const seen = JSON.stringify(w.claude.requests.at(-1)!.body.messages);
  for (const text of ["FIRST_PROMPT what does a.txt say?", "cat a.txt", "hello\\n", "CODEX_ANSWER: a.txt says hello", "$cc:transfer"]) {
    expect(seen.split(text).length - 1, text).toBe(1);
  }
  // The skill's instructions were for Codex: Claude gets a one-line note instead.
  expect(seen).toContain("[Codex loaded the skill cc:transfer");
  expect(seen).not.toContain("Show cc's output to the user as is");
});
