/**
 * `cc transfer` from source, both ways, against the real programs: real `codex exec` writes the
 * rollouts (against the Responses mock), real `claude --resume` reads the session cc wrote (against
 * the Messages mock), and the real Codex importer takes Claude sessions in. What is asserted is what
 * the next model request carries — what Claude or Codex will actually see.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { reply } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin, codexBin } from "../support/bins.ts";
import { runClaude } from "../support/claude.ts";
import { codexExec } from "../support/codex.ts";
import { describeRun, run } from "../support/processes.ts";
import { type CodexRequest, codex } from "../support/responses-mock.ts";
import { worldPerTest } from "../support/world.ts";

setDefaultTimeout(120_000);

const w = worldPerTest({ claude: reply.text("CLAUDE_CONTINUES"), codex: (req) => codexModel(req), codexConfig: {} });

/** Codex's model: a prompt containing RUN:<cmd> runs <cmd> first; then it answers REPLY-TO:<prompt>. */
function codexModel(req: CodexRequest) {
  const prompt =
    req
      .userTexts()
      .filter((t) => !t.startsWith("<"))
      .at(-1) ?? "";
  const cmd = /RUN:(.+)$/.exec(prompt)?.[1];
  const answered = req.body.input.at(-1)?.type === "function_call_output";
  return cmd && !answered ? codex.exec(cmd) : codex.say(`REPLY-TO:${prompt.split(" ")[0]}`);
}

const env = (extra: Record<string, string> = {}) => w.sb.claudeEnv(w.claude.url, { CC_CLAUDE_BIN: claudeBin, CC_CODEX_BIN: codexBin, ...extra });
const cc = (args: string[], opts: { cwd?: string } = {}) => run([...ccFromSource, ...args], { cwd: opts.cwd ?? w.sb.repo, env: env(), timeoutMs: 60000 });

async function codexTurn(prompt: string, threadId?: string): Promise<string> {
  const turn = await codexExec(w.sb, prompt, { env: w.sb.baseEnv(), timeoutMs: 60000, ...(threadId ? { extraArgs: ["resume", threadId] } : {}) });
  expect(turn.code, describeRun(turn)).toBe(0);
  expect(w.codex.scriptErrors).toEqual([]);
  return turn.threadId ?? threadId!;
}

const sessionOf = (stdout: string) => {
  const m = /claude --resume ([0-9a-f-]{36})/.exec(stdout);
  if (!m) throw new Error(`no resume command in:\n${stdout}`);
  return m[1]!;
};

/** Resume the session with the real claude; the messages of the request it sends. */
async function claudeSees(sessionId: string, prompt = "continue"): Promise<any[]> {
  const before = w.claude.requests.length;
  const r = await runClaude(["--resume", sessionId], { cwd: w.sb.repo, env: env(), prompt, timeoutMs: 60000 });
  expect(r.code, `${r.stderr}\n${r.stdout.slice(-2000)}`).toBe(0);
  const request = w.claude.requests.slice(before).find((q) => !q.path.includes("count_tokens"));
  expect(request).toBeDefined();
  return request!.body.messages;
}

const blocks = (messages: any[]) =>
  messages.flatMap((m) =>
    typeof m.content === "string" ? [{ type: "text", text: m.content, role: m.role }] : m.content.map((b: any) => ({ ...b, role: m.role })),
  );
const occurrences = (messages: any[], needle: string) => JSON.stringify(messages).split(needle).length - 1;
const nothingWritten = () => {
  expect(existsSync(join(w.sb.claudeConfigDir, "projects"))).toBe(false);
  expect(existsSync(join(w.sb.dataDir, "transfers"))).toBe(false);
};

describe("cc transfer --to claude", () => {
  test("a Codex thread's prompt, its exec_command call with output, and its reply reach Claude on resume", async () => {
    const thread = await codexTurn("FIRST_PROMPT please RUN:echo tool-said-$((40+2))");
    const r = await cc(["transfer", "--thread", thread]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain(`Transferred Codex thread ${thread} to a new Claude Code session`);
    expect(r.stdout).toContain("added 1 turn");
    const session = sessionOf(r.stdout);
    expect(r.stdout).toContain(`cd ${w.sb.repo} && claude --resume ${session}`);

    const seen = blocks(await claudeSees(session));
    expect(seen.some((b) => b.role === "user" && b.type === "text" && b.text.startsWith("FIRST_PROMPT please RUN:"))).toBe(true);
    const call = seen.find((b) => b.type === "tool_use");
    expect(call).toMatchObject({ role: "assistant", name: "Bash", input: { command: "echo tool-said-$((40+2))" } });
    const result = seen.find((b) => b.type === "tool_result");
    expect(result).toMatchObject({ role: "user", tool_use_id: call.id, is_error: false });
    expect(String(result.content)).toContain("tool-said-42");
    expect(seen.some((b) => b.role === "assistant" && b.type === "text" && b.text === "REPLY-TO:FIRST_PROMPT")).toBe(true);
    // Codex's own scaffolding stays behind: its environment context is not Claude's.
    expect(seen.some((b) => String(b.text ?? "").includes("<environment_context>"))).toBe(false);
  });

  test("again after one more Codex turn: the same session, the new turn exactly once; then nothing new", async () => {
    const thread = await codexTurn("FIRST_PROMPT hello");
    const first = await cc(["transfer", "--thread", thread]);
    expect(first.code, describeRun(first)).toBe(0);
    const session = sessionOf(first.stdout);
    await codexTurn("SECOND_PROMPT RUN:echo second-$((1+1))-out", thread);

    const second = await cc(["transfer", "--thread", thread]);
    expect(second.code, describeRun(second)).toBe(0);
    expect(second.stdout).toContain(`Added 1 turn from Codex thread ${thread} to Claude Code session ${session} (2 turns in it now).`);
    expect(sessionOf(second.stdout)).toBe(session);

    const third = await cc(["transfer", "--thread", thread]);
    expect(third.code, describeRun(third)).toBe(0);
    expect(third.stdout).toContain("Nothing new since the last transfer");

    const seen = await claudeSees(session);
    expect(occurrences(seen, "FIRST_PROMPT hello")).toBe(1);
    expect(occurrences(seen, "REPLY-TO:FIRST_PROMPT")).toBe(1);
    expect(occurrences(seen, "SECOND_PROMPT RUN:")).toBe(1);
    expect(occurrences(seen, "second-2-out")).toBe(1);
    expect(occurrences(seen, "REPLY-TO:SECOND_PROMPT")).toBe(1);
  });

  test("a session the user continued in Claude is left alone: a new session with the whole thread, and the output says so", async () => {
    const thread = await codexTurn("FIRST_PROMPT hello");
    const first = await cc(["transfer", "--thread", thread]);
    const session = sessionOf(first.stdout);
    await claudeSees(session, "CLAUDE_SIDE_PROMPT");
    const transcript = join(w.sb.claudeConfigDir, "projects", w.sb.repo.replace(/[^A-Za-z0-9]/g, "-"), `${session}.jsonl`);
    const continued = readFileSync(transcript, "utf8");
    // Nothing new in Codex yet: no copy of the same turns in a new session.
    const idle = await cc(["transfer", "--thread", thread]);
    expect(idle.code, describeRun(idle)).toBe(0);
    expect(idle.stdout).toContain("Nothing new since the last transfer");
    expect(idle.stdout).toContain("That session has been continued in Claude since; cc left it as it is.");
    expect(sessionOf(idle.stdout)).toBe(session);
    await codexTurn("SECOND_PROMPT more", thread);

    const again = await cc(["transfer", "--thread", thread]);
    expect(again.code, describeRun(again)).toBe(0);
    expect(again.stdout).toContain(`Claude Code session ${session} was continued in Claude since the last transfer`);
    const fresh = sessionOf(again.stdout);
    expect(fresh).not.toBe(session);
    expect(readFileSync(transcript, "utf8")).toBe(continued);
    const seen = await claudeSees(fresh);
    expect(occurrences(seen, "FIRST_PROMPT hello")).toBe(1);
    expect(occurrences(seen, "SECOND_PROMPT more")).toBe(1);
    expect(occurrences(seen, "CLAUDE_SIDE_PROMPT")).toBe(0);
  });

  test("a huge tool output is shortened with a note, not copied wholesale", async () => {
    const thread = await codexTurn("BIG_PROMPT RUN:seq 1 30000");
    const r = await cc(["transfer", "--thread", thread]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain("1 long tool output was shortened");
    const dir = join(w.sb.claudeConfigDir, "projects", w.sb.repo.replace(/[^A-Za-z0-9]/g, "-"));
    const text = readFileSync(join(dir, readdirSync(dir)[0]!), "utf8");
    expect(text).toContain("cc transfer left out");
    expect(text).not.toContain("\\n15000\\n");
    expect(text.length).toBeLessThan(20_000);
  });

  test("a thread id that does not exist: a clear error, nothing written", async () => {
    const r = await cc(["transfer", "--thread", "01a23568-5020-77a2-acd1-a7e36c4cf256"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("cc: transfer failed: no Codex thread 01a23568-5020-77a2-acd1-a7e36c4cf256");
    nothingWritten();
  });

  test("a thread from another directory: a clear error naming it, nothing written", async () => {
    const thread = await codexTurn("FIRST_PROMPT hello");
    const elsewhere = join(w.sb.root, "elsewhere");
    mkdirSync(elsewhere);
    const r = await cc(["transfer", "--thread", thread], { cwd: elsewhere });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`ran in ${w.sb.repo}, not in this workspace (${elsewhere})`);
    nothingWritten();
  });

  test("a corrupt line in the rollout: a clear error naming the line, nothing written", async () => {
    const thread = await codexTurn("FIRST_PROMPT hello");
    const day = join(w.sb.codexHome, "sessions");
    const rollout = [...new Bun.Glob(`**/rollout-*-${thread}.jsonl`).scanSync(day)][0]!;
    const lines = readFileSync(join(day, rollout), "utf8").split("\n");
    lines.splice(3, 0, '{"timestamp":"2026-01-01T00:00:00Z","type":"response_item","payload":{"type":"mess');
    writeFileSync(join(day, rollout), lines.join("\n"));
    const r = await cc(["transfer", "--thread", thread]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/transfer failed: .*line 4 is not valid JSON/);
    nothingWritten();
  });

  test("outside Codex without --thread: says which thread and names this directory's newest", async () => {
    const thread = await codexTurn("FIRST_PROMPT hello");
    const r = await cc(["transfer"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cc transfer --thread ${thread}`);
    nothingWritten();
  });
});

describe("cc transfer --to codex", () => {
  const threadOf = (stdout: string) => {
    const m = /codex resume ([0-9a-f-]{36})/.exec(stdout);
    if (!m) throw new Error(`no codex resume command in:\n${stdout}`);
    return m[1]!;
  };
  const codexInput = (req: CodexRequest) => JSON.stringify(req.body.input);

  /** A rescue run by cc: its Claude session id and job id. */
  async function rescue(): Promise<{ job: string; claudeSession: string }> {
    w.claude.setScript(() => reply.text("RESCUE_ANSWER done"));
    const r = await cc(["rescue", "--json", "RESCUE_TASK look around"]);
    expect(r.code, describeRun(r)).toBe(0);
    return JSON.parse(r.stdout);
  }

  test("a rescue's Claude session becomes a Codex thread; again: nothing new; more Claude: added to the same thread; codex resume carries it all once", async () => {
    const job = await rescue();
    const first = await cc(["transfer", "--to", "codex", "--session", job.job]);
    expect(first.code, describeRun(first)).toBe(0);
    expect(first.stdout).toContain(`Imported Claude Code session ${job.claudeSession} into Codex as thread`);
    const thread = threadOf(first.stdout);

    const again = await cc(["transfer", "--to", "codex", "--session", job.job]);
    expect(again.code, describeRun(again)).toBe(0);
    expect(again.stdout).toContain(`Nothing new since the last transfer: Codex thread ${thread} already has Claude Code session ${job.claudeSession}`);

    w.claude.setScript(() => reply.text("MORE_ANSWER"));
    await claudeSees(job.claudeSession, "CLAUDE_MORE_PROMPT");
    const more = await cc(["transfer", "--to", "codex", "--session", job.claudeSession]);
    expect(more.code, describeRun(more)).toBe(0);
    expect(more.stdout).toContain(`Added 1 turn from Claude Code session ${job.claudeSession} to Codex thread ${thread}.`);

    await codexTurn("NEXT_CODEX_PROMPT", thread);
    const history = codexInput(w.codex.requests.at(-1)!);
    for (const text of ["RESCUE_TASK look around", "RESCUE_ANSWER done", "CLAUDE_MORE_PROMPT", "MORE_ANSWER"]) expect(history.split(text).length - 1).toBe(1);
  });

  test("a thread continued in Codex since the import: the new Claude turns are not added, and cc says so instead of 'nothing new'", async () => {
    const job = await rescue();
    const first = await cc(["transfer", "--to", "codex", "--session", job.job]);
    const thread = threadOf(first.stdout);
    await codexTurn("NEXT_CODEX_PROMPT", thread);
    await claudeSees(job.claudeSession, "CLAUDE_MORE_PROMPT");
    const more = await cc(["transfer", "--to", "codex", "--session", job.job]);
    expect(more.code, describeRun(more)).toBe(1);
    expect(more.stderr).toContain(
      `transfer failed: Codex did not add the new turns of Claude Code session ${job.claudeSession} to thread ${thread}: that thread was continued in Codex`,
    );
  });

  test("a Codex without the importer: a clear message, nothing imported", async () => {
    const session = await runClaude([], { cwd: w.sb.repo, env: env(), prompt: "hello", timeoutMs: 60000 });
    expect(session.code, session.stderr).toBe(0);
    // An app-server that knows no externalAgentConfig/import, answering as codex 0.169 does for unknown methods.
    const fake = join(w.sb.tmp, "old-codex");
    writeFileSync(
      fake,
      `#!${process.execPath}\nfor await (const line of console) {\n  const m = JSON.parse(line);\n  if (m.id === undefined) continue;\n` +
        `  const out = m.method === "initialize" ? { id: m.id, result: { userAgent: "old/0.1" } } : { id: m.id, error: { code: -32600, message: "Invalid request: unknown variant \`" + m.method + "\`, expected one of \`initialize\`" } };\n` +
        `  console.log(JSON.stringify(out));\n}\n`,
      { mode: 0o755 },
    );
    const r = await run([...ccFromSource, "transfer", "--to", "codex"], { cwd: w.sb.repo, env: env({ CC_CODEX_BIN: fake }), timeoutMs: 60000 });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain("transfer failed: this Codex has no session importer (externalAgentConfig/import)");
    expect(r.stderr).toContain("Update Codex");
    expect(existsSync(join(w.sb.dataDir, "transfers"))).toBe(false);
  });

  test("no Claude session in this directory: a clear error", async () => {
    const r = await cc(["transfer", "--to", "codex"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`transfer failed: there is no Claude Code session for ${w.sb.repo}`);
  });
});
