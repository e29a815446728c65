/**
 * `$cc:review --wait` through the real codex: the mock model reads the injected skill, runs the
 * command it names, the installed compiled cc runs the real claude (against the Messages mock), and
 * Claude's review is Codex's final message. Then `$cc:status` and `$cc:result` in later turns of the
 * same Codex session. Also under workspace-write, with and without the rules file.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { reply } from "../support/anthropic-mock.ts";
import { codexExec } from "../support/codex.ts";
import { describeRun } from "../support/processes.ts";
import { worldPerTest } from "../support/world.ts";
import { followSkill } from "./codex-skills.ts";

setDefaultTimeout(150_000);

const findings = {
  verdict: "needs-attention",
  summary: "CLAUDE_REVIEW_SUMMARY: the answer constant changed without its callers.",
  findings: [
    {
      severity: "high",
      title: "CLAUDE_FINDING_TITLE",
      body: "answer is now 42 but tests expect 41.",
      file: "src/app.ts",
      line_start: 1,
      line_end: 1,
      confidence: 0.9,
      recommendation: "Update the tests.",
    },
  ],
  next_steps: ["Run the tests"],
};

const w = worldPerTest({
  repo: { "src/app.ts": "export const answer = 41;\n" },
  changes: { "src/app.ts": "export const answer = 42; // THE_EDIT\n" },
  claude: () => reply.structured(findings),
  codex: (req) => followSkill(req),
});

const config = (sandboxMode: "danger-full-access" | "workspace-write") =>
  w.sb.writeCodexConfig(w.codex.url, {
    sandboxMode,
    // A real user's HOME is not under /tmp; claude's key must reach the command Codex runs.
    extra: `[sandbox_workspace_write]\nexclude_slash_tmp = true\nexclude_tmpdir_env_var = true\n\n[shell_environment_policy]\nignore_default_excludes = true\n`,
  });

describe("$cc:review through codex exec", () => {
  test("danger-full-access: Claude's review reaches Codex's final message; $cc:status and $cc:result in later turns", async () => {
    config("danger-full-access");
    const cc = await w.install(["--yes"]);
    const turn = await codexExec(w.sb, "$cc:review --wait", { env: w.env(), timeoutMs: 120000 });
    expect(w.codex.scriptErrors).toEqual([]);
    expect(turn.code, describeRun(turn)).toBe(0);
    const call = JSON.parse(w.codex.requests[1]!.body.input.find((i: any) => i.type === "function_call").arguments);
    expect(call.cmd).toBe(`${cc} review --wait`);
    expect(w.claude.requests[0]!.userText()).toContain("THE_EDIT");
    expect(turn.lastMessage).toContain("CLAUDE_REVIEW_SUMMARY");
    expect(turn.lastMessage).toContain("CLAUDE_FINDING_TITLE");
    const jobId = /^— (review-[0-9a-z]+) · review · completed/m.exec(turn.lastMessage)?.[1];
    expect(jobId, turn.lastMessage).toBeString();

    const statusTurn = await codexExec(w.sb, "$cc:status", { env: w.env(), timeoutMs: 60000, extraArgs: ["resume", turn.threadId!] });
    expect(statusTurn.code, describeRun(statusTurn)).toBe(0);
    expect(w.codex.requests.at(-1)!.metadata.thread_id).toBe(turn.threadId!);
    expect(statusTurn.lastMessage).toMatch(new RegExp(`${jobId}\\s+review\\s+completed`));

    const resultTurn = await codexExec(w.sb, "$cc:result", { env: w.env(), timeoutMs: 60000, extraArgs: ["resume", turn.threadId!] });
    expect(resultTurn.code, describeRun(resultTurn)).toBe(0);
    expect(resultTurn.lastMessage).toContain("CLAUDE_FINDING_TITLE");
    expect(resultTurn.lastMessage).toContain(jobId!);
    expect(w.codex.scriptErrors).toEqual([]);
  }, 60000);

  test("workspace-write with the rules file: the plain call runs outside the sandbox, no escalation", async () => {
    config("workspace-write");
    await w.install(["--yes"]);
    const turn = await codexExec(w.sb, "$cc:review --wait", { env: w.env(), timeoutMs: 120000 });
    expect(w.codex.scriptErrors).toEqual([]);
    expect(turn.code, describeRun(turn)).toBe(0);
    expect(turn.lastMessage).not.toContain("CC_SANDBOX_BLOCKED");
    expect(turn.lastMessage).toContain("CLAUDE_FINDING_TITLE");
    const calls = w.codex.requests.at(-1)!.body.input.filter((i: any) => i.type === "function_call");
    expect(calls.length).toBe(1);
    expect(JSON.parse(calls[0].arguments).sandbox_permissions).toBeUndefined();
  }, 60000);

  test("workspace-write without the rules file: sentinel, escalation refused in exec, Claude never called, the user is told what to do", async () => {
    config("workspace-write");
    const cc = await w.install(["--no-rules"]);
    const turn = await codexExec(w.sb, "$cc:review --wait", { env: w.env(), timeoutMs: 120000 });
    expect(w.codex.scriptErrors).toEqual([]);
    expect(turn.code, describeRun(turn)).toBe(0);
    expect(w.codex.requests[1]!.outputs().at(-1)!.exitCode).toBe(86);
    expect(w.codex.requests[2]!.outputs().at(-1)!.raw).toContain("approval policy is Never");
    expect(w.claude.requests.length).toBe(0);
    expect(turn.lastMessage).toContain("cannot run inside Codex's sandbox");
    expect(turn.lastMessage).toContain(`run \`${cc} install\` in a terminal and accept the rules file`);
  }, 60000);
});
