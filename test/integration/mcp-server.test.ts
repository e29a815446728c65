/**
 * `cc mcp` from source, driven by the MCP SDK's own client over stdio, with the real claude against
 * the Messages mock: the tool list (valid JSON Schema), each tool's structured result against the
 * CLI's `--json` for the same work, argument errors as one-line tool errors, a cancelled call that
 * cancels its job, 1,000 malformed messages, and a background job that outlives a SIGTERM to the
 * server's process group (what Codex does at shutdown). One world (repository, mock, server) for
 * the file.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { type AnthropicMock, reply, startAnthropicMock } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../support/bins.ts";
import { writeFiles } from "../support/git.ts";
import { connectMcp, type McpSession } from "../support/mcp-client.ts";
import { describeRun, reapAll, run, waitFor } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

const FINDINGS = {
  verdict: "needs-attention",
  summary: "MCP_REVIEW_SUMMARY",
  findings: [
    {
      severity: "high",
      title: "MCP_FINDING",
      body: "answer changed.",
      file: "src/app.ts",
      line_start: 1,
      line_end: 1,
      confidence: 0.9,
      recommendation: "Update the callers.",
    },
  ],
  next_steps: ["Run the tests"],
};
const SESSION = "019b0000-0000-7000-8000-00000000mcp1";
const meta = { sessionId: SESSION, threadId: SESSION, "x-codex-turn-metadata": { session_id: SESSION, thread_id: SESSION } };

let sb: Sandbox;
let mock: AnthropicMock;
let mcp: McpSession;
let env: Record<string, string>;
const workers: number[] = [];

beforeAll(async () => {
  sb = new Sandbox({ repo: { "src/app.ts": "export const answer = 41;\n" } });
  writeFiles(sb.repo, { "src/app.ts": "export const answer = 42;\n" });
  mock = startAnthropicMock((req) => {
    if (req.hasTool("StructuredOutput")) return reply.structured(FINDINGS);
    const text = req.userText();
    if (text.includes("STALL_TASK")) return reply.stall();
    if (text.includes("ENV_DUMP")) {
      // A hostile Claude prints everything its environment holds, then hands it back as its answer.
      if (req.toolResults === 0) return reply.tool("Bash", { command: "env", description: "dump env" });
      return reply.text(
        `ENV_DUMPED ${req
          .results()
          .map((r) => r.content)
          .join("\n")}`,
      );
    }
    if (text.includes("SLOW_TASK")) return reply.text("SLOW_TASK_DONE", { chunks: 20, chunkDelayMs: 150 });
    return reply.text("RESCUE_DONE");
  });
  // Host credentials in the server's environment (as a client could pass them): none may reach a result.
  env = sb.claudeEnv(mock.url, {
    CC_CLAUDE_BIN: claudeBin,
    OPENAI_API_KEY: "sk-openai-HOST-SECRET",
    GITHUB_TOKEN: "ghp_HOST-SECRET",
    CODEX_API_KEY: "codex-HOST-SECRET",
  });
  mcp = await connectMcp([...ccFromSource, "mcp"], { cwd: sb.repo, env });
});

afterAll(async () => {
  await mcp?.close();
  for (const pid of workers) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
  await reapAll();
  await mock?.close();
  sb?.cleanup();
});

/** The CLI, in the same Codex session as the calls. */
async function cli(args: string[], extra: Record<string, string> = {}) {
  const r = await run([...ccFromSource, ...args], {
    cwd: sb.repo,
    env: { ...env, CODEX_SESSION_ID: SESSION, CODEX_THREAD_ID: SESSION, ...extra },
    timeoutMs: 60000,
  });
  return r;
}
const cliJson = async (args: string[]) => {
  const r = await cli([...args, "--json"]);
  return JSON.parse(r.stdout);
};
const call = (name: string, args: Record<string, unknown>, opts: { signal?: AbortSignal } = {}) =>
  mcp.client.callTool({ name, arguments: args, _meta: meta }, undefined, { timeout: 120_000, ...(opts.signal ? { signal: opts.signal } : {}) });
const errorText = (r: Awaited<ReturnType<typeof call>>) => (r.content as { text: string }[])[0]!.text;

async function jobStatus(id: string): Promise<string> {
  return (await cliJson(["status", id])).job.status;
}

describe("cc mcp over stdio", () => {
  test("tools/list: the ten tools, each with a valid JSON Schema that refuses unknown arguments, and the annotations", async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "adversarial_review",
      "apply",
      "cancel",
      "discard",
      "rescue",
      "result",
      "review",
      "status",
      "steer",
      "wait",
    ]);
    // The SDK's own JSON Schema validator compiles every schema (a malformed one throws).
    const validator = new AjvJsonSchemaValidator();
    for (const tool of tools) {
      const validate = validator.getValidator(tool.inputSchema as never);
      // The job tools of worktrees, steering and joins need their job(s); the others have defaults for everything.
      expect(validate({}).valid, tool.name).toBe(!["apply", "discard", "steer", "wait"].includes(tool.name));
      expect(validate({ no_such_argument: 1 }).valid, tool.name).toBe(false);
      expect(validate({ job: "rescue-k7m2qp" }).valid, tool.name).toBe(["status", "result", "cancel", "apply", "discard"].includes(tool.name));
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    const validate2 = (tool: (typeof tools)[number], args: unknown) => validator.getValidator(tool.inputSchema as never)(args).valid;
    for (const name of ["review", "adversarial_review", "status", "result"]) expect(byName[name]!.annotations?.readOnlyHint, name).toBe(true);
    expect(byName.rescue!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(byName.cancel!.annotations?.readOnlyHint).toBe(false);
    expect(byName.wait!.annotations?.readOnlyHint).toBe(true);
    expect(byName.discard!.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(validate2(byName.steer!, { job: "rescue-k7m2qp", message: "use the other API" })).toBe(true);
    expect(validate2(byName.wait!, { jobs: ["rescue-k7m2qp", "review-abc"] })).toBe(true);
    expect(byName.review!.inputSchema.properties!.effort).toMatchObject({ enum: ["low", "medium", "high", "xhigh", "max"] });
  });

  test("review: the structured result is the CLI's `cc review --json`, and the job belongs to the session in _meta", async () => {
    const r = await call("review", {});
    expect(r.isError).toBe(false);
    expect(r.structuredContent).toEqual(FINDINGS);
    const viaCli = await cli(["review", "--wait", "--json"]);
    expect(viaCli.code, describeRun(viaCli)).toBe(0);
    expect(r.structuredContent).toEqual(JSON.parse(viaCli.stdout));
    // Both reviews are listed for the session the call named; nothing escaped into another one.
    const listed = (await cliJson(["status"])).jobs.filter((j: { kind: string }) => j.kind === "review");
    expect(listed.length).toBe(2);
    for (const job of listed) expect(job.codexSession).toBe(SESSION);
  });

  test("rescue in the background returns the id at once; status, result and cancel equal the CLI's --json", async () => {
    const launched = await call("rescue", { task: "RESCUE_TASK one", background: true });
    expect(launched.isError).toBe(false);
    const { job, kind } = launched.structuredContent as { job: string; kind: string; status: string };
    expect(kind).toBe("rescue");
    expect(await waitFor(async () => (await jobStatus(job)) === "completed", 60000, 250)).toBe(true);

    const status = await call("status", { job });
    expect(status.structuredContent).toEqual(await cliJson(["status", job]));
    const listed = await call("status", {});
    expect(listed.structuredContent).toEqual(await cliJson(["status"]));
    const result = await call("result", { job });
    expect(result.isError).toBe(false);
    expect((result.structuredContent as { text: string }).text).toContain("RESCUE_DONE");
    expect(result.structuredContent).toEqual(await cliJson(["result", job]));
    const cancel = await call("cancel", { job });
    expect(cancel.structuredContent).toEqual(await cliJson(["cancel", job]));
    expect((cancel.structuredContent as { cancelled: boolean }).cancelled).toBe(false);
    // The job tools of the later issues: the same one shape.
    const waited = await call("wait", { jobs: [job], wait_seconds: 30 });
    expect(waited.isError).toBe(false);
    expect(waited.structuredContent).toEqual(await cliJson(["wait", "--timeout", "30s", job]));
    expect((waited.structuredContent as { jobs: { status: string }[] }).jobs[0]!.status).toBe("completed");
  });

  test("bad arguments and failures are one-line tool errors, and the server goes on", async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ["review", { effort: "extreme" }, /^bad arguments for review: effort: /],
      ["review", { surprise: true }, /^bad arguments for review: .*surprise/],
      ["status", { job: "../../etc" }, /^bad arguments for status: job: .*not a job id/],
      ["rescue", {}, /no task given/],
      ["result", { job: "rescue-nosuch" }, /no job "rescue-nosuch"/],
      ["review", { cwd: "/" }, /is outside the workspace/],
      ["review", { cwd: "no/such/dir" }, /is not a directory/],
      ["no_such_tool", {}, /^unknown tool "no_such_tool"/],
      ["steer", { job: "rescue-nosuch", message: "use the other API" }, /no job "rescue-nosuch"/],
      ["wait", { jobs: [] }, /^bad arguments for wait: jobs: /],
      ["discard", { job: "rescue-nosuch" }, /rescue-nosuch/],
    ];
    for (const [name, args, expected] of cases) {
      const r = await call(name, args);
      expect(r.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(errorText(r), name).toMatch(expected);
      expect(errorText(r)).not.toContain("\n");
    }
    expect(mcp.alive()).toBe(true);
  });

  test("Codex's meta names the session's cwd and writable roots, whatever the server's own cwd (the plugin's directory)", async () => {
    const elsewhere = await connectMcp([...ccFromSource, "mcp"], { cwd: sb.home, env });
    try {
      const sandboxState = {
        sandboxCwd: `file://${sb.repo}`,
        permissionProfile: { type: "managed", file_system: { type: "restricted", entries: [{ path: { type: "path", path: sb.tmp }, access: "write" }] } },
      };
      const codexMeta = { ...meta, "codex/sandbox-state": sandboxState };
      const inRepo = await elsewhere.client.callTool({ name: "status", arguments: {}, _meta: codexMeta });
      expect(inRepo.isError, JSON.stringify(inRepo.content)).toBe(false);
      expect((inRepo.structuredContent as { workspaceRoot: string }).workspaceRoot).toBe(sb.repo);
      const writable = await elsewhere.client.callTool({ name: "status", arguments: { cwd: sb.tmp }, _meta: codexMeta });
      expect(writable.isError, JSON.stringify(writable.content)).toBe(false);
      const outside = await elsewhere.client.callTool({ name: "status", arguments: { cwd: sb.home }, _meta: codexMeta });
      expect(outside.isError).toBe(true);
      expect(errorText(outside)).toContain("is outside the workspace");
    } finally {
      await elsewhere.close();
    }
  });

  test("a job still running when the wait ends comes back as {job, status, kind}, and runs on", async () => {
    const r = await call("rescue", { task: "STALL_TASK two", read_only: true, wait_seconds: 2 });
    expect(r.isError, JSON.stringify(r.content)).toBe(false);
    const launched = r.structuredContent as { job: string; status: string; kind: string };
    expect(launched).toEqual({ job: expect.stringMatching(/^rescue-/), status: expect.stringMatching(/^(queued|running)$/), kind: "rescue" });
    expect(await jobStatus(launched.job)).toMatch(/^(queued|running)$/);
    const cancelled = await call("cancel", { job: launched.job });
    expect((cancelled.structuredContent as { cancelled: boolean }).cancelled).toBe(true);
  });

  test("a cancelled call (notifications/cancelled) cancels its job", async () => {
    const abort = new AbortController();
    const pending = call("rescue", { task: "STALL_TASK", read_only: true }, { signal: abort.signal }).catch((error: Error) => error);
    let job = "";
    expect(
      await waitFor(
        async () => {
          const running = (await cliJson(["status"])).jobs.find(
            (j: { summary: string; status: string }) => j.summary.includes("STALL_TASK") && j.status === "running",
          );
          job = running?.id ?? "";
          return job !== "";
        },
        60000,
        250,
      ),
    ).toBe(true);
    abort.abort("the user pressed Esc");
    expect(await pending).toBeInstanceOf(Error);
    expect(await waitFor(async () => (await jobStatus(job)) === "cancelled", 30000, 250)).toBe(true);
  });

  test("no host credential of the server's environment reaches a result, even when Claude dumps its environment", async () => {
    const r = await call("rescue", { task: "ENV_DUMP please" });
    expect(r.isError, JSON.stringify(r.content)).toBe(false);
    const text = JSON.stringify(r);
    expect(text).toContain("ENV_DUMPED");
    expect(text).toContain("PATH="); // the dump ran and came back
    expect(text).not.toContain("HOST-SECRET");
    const status = JSON.stringify(await call("status", { all: true }));
    expect(status).not.toContain("HOST-SECRET");
  });

  test("recursion: a server started inside a Claude run cc launched (its marker in the environment) refuses a rescue", async () => {
    const inner = await connectMcp([...ccFromSource, "mcp"], { cwd: sb.repo, env: { ...env, CC_RUN_MARKER: "run-marker-of-an-outer-rescue" } });
    try {
      const requests = mock.requests.length;
      const r = await inner.client.callTool({ name: "rescue", arguments: { task: "RESCUE_TASK recursive" }, _meta: meta });
      expect(r.isError).toBe(true);
      expect(errorText(r)).toContain("a rescue cannot start another rescue");
      expect(mock.requests.length).toBe(requests);
    } finally {
      await inner.close();
    }
  });

  test("1,000 malformed messages: the server keeps answering", async () => {
    const junk = [
      "not json",
      "{",
      "[]",
      "null",
      '{"jsonrpc":"1.0","id":1,"method":"tools/list"}',
      '{"jsonrpc":"2.0","id":{},"method":"tools/list"}',
      '{"jsonrpc":"2.0","method":7}',
      '{"jsonrpc":"2.0","id":"x","method":"tools/call","params":"nope"}',
      '{"jsonrpc":"2.0","id":"y","method":"tools/call","params":{"name":42}}',
      '{"jsonrpc":"2.0","id":"z","method":"no/such/method"}',
      `{"jsonrpc":"2.0","id":"big","method":"tools/call","params":{"name":"status","arguments":{"job":"${"a".repeat(50_000)}"}}}`,
      "\u0000\u0001\u0002",
    ];
    let text = "";
    for (let i = 0; i < 1000; i++) text += `${junk[i % junk.length]}\n`;
    mcp.transport.writeRaw(text);
    const { tools } = await mcp.client.listTools();
    expect(tools.length).toBe(10);
    expect(mcp.alive()).toBe(true);
    const r = await call("status", {});
    expect(r.isError).toBe(false);
  });

  test("a background job outlives a SIGTERM to the server's process group", async () => {
    const own = await connectMcp([...ccFromSource, "mcp"], { cwd: sb.repo, env });
    try {
      const launched = await own.client.callTool({ name: "rescue", arguments: { task: "SLOW_TASK", background: true, read_only: true }, _meta: meta });
      const { job } = launched.structuredContent as { job: string };
      own.killGroup("SIGTERM");
      expect(await waitFor(() => !own.alive(), 10000)).toBe(true);
      const waited = await cli(["status", job, "--wait", "--timeout", "60s", "--json"]);
      expect(waited.code, describeRun(waited)).toBe(0);
      expect(JSON.parse(waited.stdout).job.status).toBe("completed");
      expect((await cliJson(["result", job])).text).toContain("SLOW_TASK_DONE");
    } finally {
      await own.close();
    }
  });
});
