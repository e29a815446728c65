/**
 * A cc-plugin-codex user's habits through the real codex (danger-full-access, the installed compiled
 * cc, the real claude against the Messages mock): `$cc:rescue --write -m <model>`, `--resume` from a
 * new Codex session (Codex was restarted), `$cc:status --wait --timeout-ms --poll-interval-ms`, and
 * `$cc:review` on a large change without a flag, which must not hold the Codex turn.
 */
import { expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { reply, toolSteps } from "../support/anthropic-mock.ts";
import { codexExec } from "../support/codex.ts";
import { writeFiles } from "../support/git.ts";
import { sandboxTest } from "../support/os-sandbox.ts";
import { describeRun, run } from "../support/processes.ts";
import type { CodexRequest } from "../support/responses-mock.ts";
import { worldPerTest } from "../support/world.ts";
import { followSkill } from "./codex-skills.ts";

setDefaultTimeout(150_000);

const findings = { verdict: "approve", summary: "PARITY_REVIEW_SUMMARY", findings: [], next_steps: [] };
const fix = toolSteps(
  [reply.tool("Bash", { command: "sed -i s/hello/HELLO/ a.txt", description: "edit a.txt" })],
  reply.text("RESCUE_DONE: a.txt says HELLO now."),
);

const w = worldPerTest({
  repo: { "a.txt": "hello\n" },
  claude: (req) =>
    req.hasTool("StructuredOutput") ? reply.structured(findings) : req.userText().includes("PARITY_FOLLOW_UP") ? reply.text("FOLLOW_UP_DONE") : fix(req),
  codex: (req) => followSkill(req),
});

async function setUp(): Promise<{ env: Record<string, string>; cc: string }> {
  w.sb.writeCodexConfig(w.codex.url, { sandboxMode: "danger-full-access", extra: `[shell_environment_policy]\nignore_default_excludes = true\n` });
  return { env: w.env(), cc: await w.install(["--yes"]) };
}

const lastCall = (req: CodexRequest) => JSON.parse(req.body.input.filter((i: any) => i.type === "function_call").at(-1).arguments);

sandboxTest("$cc:rescue --write -m <model>, then --resume from a new Codex session, then $cc:status --wait --timeout-ms", async () => {
  const { env, cc } = await setUp();
  w.codex.setScript((req) => followSkill(req, { args: "--write -m claude-mock-9 'make a.txt say HELLO'" }));
  const first = await codexExec(w.sb, "$cc:rescue --write -m claude-mock-9 make a.txt say HELLO", { env, timeoutMs: 120000 });
  expect(w.codex.scriptErrors).toEqual([]);
  expect(first.code, describeRun(first)).toBe(0);
  expect(lastCall(w.codex.requests.at(-1)!).cmd).toBe(`${cc} rescue --write -m claude-mock-9 'make a.txt say HELLO'`);
  expect(first.lastMessage).toContain("RESCUE_DONE");
  expect(w.claude.requests[0]!.body.model).toBe("claude-mock-9");
  expect(readFileSync(join(w.sb.repo, "a.txt"), "utf8")).toBe("HELLO\n");
  const firstJob = /^— (rescue-[0-9a-z]+) · rescue · completed/m.exec(first.lastMessage)?.[1];
  expect(firstJob, first.lastMessage).toBeString();

  // A new `codex exec` is a new Codex session (as after restarting Codex): --resume still continues.
  w.codex.setScript((req) => followSkill(req, { args: "--resume --background 'PARITY_FOLLOW_UP: also check b.txt'" }));
  const resumed = await codexExec(w.sb, "$cc:rescue --resume --background also check b.txt", { env, timeoutMs: 120000 });
  expect(resumed.code, describeRun(resumed)).toBe(0);
  expect(resumed.threadId).not.toBe(first.threadId);
  expect(resumed.lastMessage).toContain(`continuing the workspace's newest, ${firstJob}`);
  const job = /Started rescue job (rescue-[0-9a-z]+) in the background/.exec(resumed.lastMessage)?.[1];
  expect(job, resumed.lastMessage).toBeString();

  w.codex.setScript((req) => followSkill(req, { args: `${job} --wait --timeout-ms 60000 --poll-interval-ms 200` }));
  const status = await codexExec(w.sb, `$cc:status ${job} --wait --timeout-ms 60000 --poll-interval-ms 200`, {
    env,
    timeoutMs: 120000,
    extraArgs: ["resume", resumed.threadId!],
  });
  expect(status.code, describeRun(status)).toBe(0);
  expect(status.lastMessage).toMatch(/Status: +completed/);
  expect(JSON.stringify(w.claude.requests.at(-1)!.body.messages)).toContain("make a.txt say HELLO");
  expect(w.codex.scriptErrors).toEqual([]);
});

test("$cc:review without a flag on a large change starts in the background and tells the user how to read it", async () => {
  const { env } = await setUp();
  for (let i = 0; i < 8; i++) writeFiles(w.sb.repo, { [`src/f${i}.ts`]: `export const n${i} = ${i};\n` });
  const turn = await codexExec(w.sb, "$cc:review", { env, timeoutMs: 120000 });
  expect(w.codex.scriptErrors).toEqual([]);
  expect(turn.code, describeRun(turn)).toBe(0);
  expect(turn.lastMessage).toContain("the review runs in the background");
  const id = /Started review job (review-[0-9a-z]+) in the background/.exec(turn.lastMessage)?.[1];
  expect(id, turn.lastMessage).toBeString();
  expect(turn.lastMessage).toContain(`$cc:result ${id}`);
  const waited = await run([join(w.sb.dataDir, "bin", "cc"), "status", id!, "--wait", "--timeout", "60s"], { cwd: w.sb.repo, env, timeoutMs: 70000 });
  expect(waited.code, describeRun(waited)).toBe(0);
});
