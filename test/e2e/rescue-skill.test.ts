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
import { expect, setDefaultTimeout } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { reply, toolSteps } from "../support/anthropic-mock.ts";
import { codexExec } from "../support/codex.ts";
import { sandboxTest } from "../support/os-sandbox.ts";
import { describeRun } from "../support/processes.ts";
import { type CodexRequest, codex } from "../support/responses-mock.ts";
import { worldPerTest } from "../support/world.ts";
import { followSkill, readSkill } from "./codex-skills.ts";

setDefaultTimeout(150_000);

const w = worldPerTest({
  repo: { "a.txt": "hello\n", "b.txt": "keep\n" },
  claude: toolSteps(
    [reply.tool("Bash", { command: "sed -i s/hello/HELLO/ a.txt", description: "edit a.txt" })],
    reply.text("RESCUE_DONE: a.txt says HELLO now."),
  ),
  codex: () => codex.say("unused"),
});

async function setUp(): Promise<{ env: Record<string, string>; cc: string }> {
  // Codex's default workspace-write (/tmp writable); claude's key must reach the command Codex runs.
  w.sb.writeCodexConfig(w.codex.url, { sandboxMode: "workspace-write", extra: `[shell_environment_policy]\nignore_default_excludes = true\n` });
  return { env: w.env(), cc: await w.install(["--yes"]) };
}

const calls = (req: CodexRequest) => req.body.input.filter((i: any) => i.type === "function_call").map((i: any) => JSON.parse(i.arguments));

sandboxTest(
  "an apostrophe in the task: double quotes match the rule; the task arrives intact; edit and answer come back [codex-version]",
  async () => {
    const { env, cc } = await setUp();
    const task = "don't touch b.txt; make a.txt say HELLO";
    w.codex.setScript((req) => {
      expect(req.skills().at(-1)!.body).toContain("wrap it in double quotes");
      return followSkill(req, { args: `"${task}"` });
    });
    const turn = await codexExec(w.sb, "$cc:rescue fix the greeting", { env, timeoutMs: 120000 });
    expect(w.codex.scriptErrors).toEqual([]);
    expect(turn.code, describeRun(turn)).toBe(0);
    const [call] = calls(w.codex.requests.at(-1)!);
    expect(call.cmd).toBe(`${cc} rescue "${task}"`);
    expect(call.sandbox_permissions).toBeUndefined();
    expect(w.claude.requests.length, turn.lastMessage).toBeGreaterThan(0);
    expect(w.claude.requests[0]!.userText()).toContain(`<task>\n${task}\n</task>`);
    expect(readFileSync(join(w.sb.repo, "a.txt"), "utf8")).toBe("HELLO\n");
    expect(readFileSync(join(w.sb.repo, "b.txt"), "utf8")).toBe("keep\n");
    expect(turn.lastMessage).toContain("RESCUE_DONE: a.txt says HELLO now.");
    expect(turn.lastMessage).toMatch(/Files changed:\n a\.txt \| 2 \+-/);
  },
  60000,
);

sandboxTest(
  "a shell-hostile task goes through --prompt-file: written in the sandbox, read by cc outside it, byte for byte",
  async () => {
    const { env } = await setUp();
    const task = `don't run $(rm -rf ~) or \`id\`; say "HELLO" in a.txt\nsecond line with a \\ backslash`;
    const file = `/tmp/cc-task-${process.pid}-${Date.now()}.txt`;
    w.codex.setScript((req) => {
      const skill = req.skills().at(-1)!;
      expect(skill.body).toContain("--prompt-file");
      const done = req.outputs();
      if (done.length === 0) return codex.exec(`cat > ${file} <<'CC_TASK_END'\n${task}\nCC_TASK_END`, { yieldTimeMs: 10000 });
      if (done.length === 1) return codex.exec(`${readSkill(skill).program} rescue --prompt-file ${file}`, { yieldTimeMs: 30000 });
      return codex.say(done.at(-1)!.output);
    });
    try {
      const turn = await codexExec(w.sb, "$cc:rescue fix the greeting", { env, timeoutMs: 120000 });
      expect(w.codex.scriptErrors).toEqual([]);
      expect(turn.code, describeRun(turn)).toBe(0);
      expect(w.claude.requests.length, turn.lastMessage).toBeGreaterThan(0);
      // The heredoc adds the final newline; everything else is the user's text, untouched.
      expect(w.claude.requests[0]!.userText()).toContain(`<task>\n${task}\n\n</task>`);
      expect(turn.lastMessage).toContain("RESCUE_DONE");
    } finally {
      Bun.spawnSync(["rm", "-f", file]);
    }
  },
  60000,
);
