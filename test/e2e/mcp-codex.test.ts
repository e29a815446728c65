/**
 * cc's MCP server through the real codex: `cc install` (no rules file) declares the server in the
 * plugin, `codex exec` in workspace-write runs a turn whose mock model calls `mcp__cc` tools, and
 * the real claude (Messages mock) does the work. Claude's only credential is ANTHROPIC_API_KEY in
 * the environment codex was started with, and CODEX_HOME is not the default: both reach the server
 * only through the plugin entry's `env_vars` (Codex filters a server's environment).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type AnthropicMock, reply, startAnthropicMock } from "../support/anthropic-mock.ts";
import { basePath, ccBinary, claudeBin, codexBin } from "../support/bins.ts";
import { codexExec } from "../support/codex.ts";
import { writeFiles } from "../support/git.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { codex, type ResponsesMock, startResponsesMock } from "../support/responses-mock.ts";
import { Sandbox } from "../support/sandbox.ts";
import { followTypedSkill } from "./codex-skills.ts";

const FINDINGS = {
  verdict: "needs-attention",
  summary: "MCP_E2E_SUMMARY",
  findings: [
    {
      severity: "high",
      title: "MCP_E2E_FINDING",
      body: "answer is now 42.",
      file: "src/app.ts",
      line_start: 1,
      line_end: 1,
      confidence: 0.9,
      recommendation: "Update the callers.",
    },
  ],
  next_steps: ["Run the tests"],
};

let sb: Sandbox;
let claude: AnthropicMock;
let model: ResponsesMock;
let codexHome: string;
let cc: string;

/** No CC_DATA_DIR: cc finds its store from CODEX_HOME, so a server without CODEX_HOME would use another store. */
function env(): Record<string, string> {
  return {
    PATH: basePath(),
    HOME: sb.home,
    TMPDIR: sb.tmp,
    LANG: "C.UTF-8",
    CODEX_HOME: codexHome,
    CLAUDE_CONFIG_DIR: sb.claudeConfigDir,
    ANTHROPIC_BASE_URL: claude.url,
    ANTHROPIC_API_KEY: "sk-mcp-only-key",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    CLAUDE_CODE_MAX_RETRIES: "0",
    DISABLE_AUTOUPDATER: "1",
    CC_CLAUDE_BIN: claudeBin,
    CC_CODEX_BIN: codexBin,
  };
}

beforeAll(async () => {
  sb = new Sandbox({ repo: { "src/app.ts": "export const answer = 41;\n" } });
  writeFiles(sb.repo, { "src/app.ts": "export const answer = 42; // THE_EDIT\n" });
  codexHome = join(sb.root, "codex-elsewhere");
  mkdirSync(codexHome, { recursive: true });
  claude = startAnthropicMock((req) => (req.hasTool("StructuredOutput") ? reply.structured(FINDINGS) : reply.text("MCP_RESCUE_DONE")));
  // The model: a review, then a background rescue, then its answer; each step after the previous output.
  model = startResponsesMock((req) => {
    const done = req.outputs().length;
    if (done === 0) return codex.mcp("cc", "review", {});
    if (done === 1) return codex.mcp("cc", "rescue", { task: "MCP_RESCUE_TASK: explain the change", background: true, read_only: true });
    return codex.say("all done");
  });
  writeFileSync(
    join(codexHome, "config.toml"),
    [
      `model = "mock-model"`,
      `model_provider = "mock_provider"`,
      `sandbox_mode = "workspace-write"`,
      `[features]`,
      `unbounded_connection_retries = false`,
      `[model_providers.mock_provider]`,
      `name = "Mock"`,
      `base_url = "${model.url}"`,
      `wire_api = "responses"`,
      `request_max_retries = 0`,
      `stream_max_retries = 0`,
      "",
    ].join("\n"),
  );
  const lonely = join(sb.root, "download");
  mkdirSync(lonely, { recursive: true });
  copyFileSync(ccBinary(), join(lonely, "cc"));
  const installed = await run([join(lonely, "cc"), "install", "--no-rules", "--no-trust-hooks"], { cwd: sb.repo, env: env(), timeoutMs: 60000 });
  expect(installed.code, describeRun(installed)).toBe(0);
  cc = join(codexHome, "plugins", "data", "cc-cc", "bin", "cc");
});

afterAll(async () => {
  await reapAll();
  await Promise.all([claude?.close(), model?.close()]);
  sb?.cleanup();
});

describe("cc over MCP through codex exec (workspace-write, no rules file)", () => {
  test("cc setup reports that Codex sees the server and its tools", async () => {
    const r = await run([cc, "setup", "--json"], { cwd: sb.repo, env: env(), timeoutMs: 60000 });
    const check = JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === "mcp");
    expect(check, describeRun(r)).toMatchObject({ ok: true, optional: true });
    expect(check.detail).toContain("from the plugin cc@cc");
    for (const tool of ["review", "adversarial_review", "rescue", "status", "result", "cancel", "apply", "discard", "steer", "wait"])
      expect(check.detail).toContain(`mcp__cc__${tool}`);
    // As Codex reads the plugin: the installed binary by its absolute path, run in the plugin's own directory.
    const listed = await run([codexBin, "mcp", "list", "--json"], { cwd: sb.repo, env: env(), timeoutMs: 30000 });
    const server = JSON.parse(listed.stdout.slice(listed.stdout.indexOf("["))).find((s: { name: string }) => s.name === "cc");
    expect(server.transport).toMatchObject({ type: "stdio", command: cc, args: ["mcp"] });
    expect(server.transport.cwd).toStartWith(join(codexHome, "plugins", "cache", "cc", "cc"));
    expect(server.transport.env_vars).toEqual(expect.arrayContaining(["ANTHROPIC_API_KEY", "CODEX_HOME", "CLAUDE_CONFIG_DIR"]));
  }, 60000);

  test("a review and a background rescue reach Claude and come back structured, nothing through the shell, no approval refused [codex-version]", async () => {
    const turn = await codexExec(sb, "review my change, then have Claude explain it", { env: env(), timeoutMs: 120000 });
    expect(model.scriptErrors).toEqual([]);
    expect(turn.code, describeRun(turn)).toBe(0);

    // The server answered tools/list before the first model request (the ~1 s window of a non-required server).
    const first = model.requests[0]!.body.tools.find((t: any) => t.type === "namespace" && t.name === "mcp__cc");
    expect(first?.tools.map((t: any) => t.name).sort()).toEqual([
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

    const calls = turn.events.filter((e) => e.type === "item.completed" && e.item?.type === "mcp_tool_call").map((e) => e.item);
    expect(calls.map((c) => [c.server, c.tool, c.status])).toEqual([
      ["cc", "review", "completed"],
      ["cc", "rescue", "completed"],
    ]);
    expect(calls[0].result.structured_content).toEqual(FINDINGS);
    const launched = calls[1].result.structured_content as { job: string; kind: string; status: string };
    expect(launched.kind).toBe("rescue");

    // What the model read: the JSON, not an approval refusal; and it never ran a shell command.
    const outputs = model.requests
      .at(-1)!
      .outputs()
      .map((o) => o.raw);
    expect(outputs.length).toBe(2);
    expect(outputs[0]).toContain("MCP_E2E_FINDING");
    for (const output of outputs) expect(output).not.toMatch(/requires approval|unsupported call|Not logged in/);
    expect(turn.events.some((e) => e.item?.type === "command_execution")).toBe(false);

    // Claude saw the change, with the key Codex handed the server.
    expect(claude.requests[0]!.userText()).toContain("THE_EDIT");
    expect(claude.requests[0]!.headers["x-api-key"]).toBe("sk-mcp-only-key");

    // The rescue ran on in the background, in the store CODEX_HOME names, owned by the exec's session.
    const waited = await run([cc, "status", launched.job, "--wait", "--timeout", "60s", "--json"], { cwd: sb.repo, env: env(), timeoutMs: 70000 });
    expect(waited.code, describeRun(waited)).toBe(0);
    const job = JSON.parse(waited.stdout).job;
    expect(job.status).toBe("completed");
    expect(job.codexSession).toBe(turn.threadId);
    const result = await run([cc, "result", launched.job, "--json"], { cwd: sb.repo, env: env(), timeoutMs: 30000 });
    expect(JSON.parse(result.stdout).text).toContain("MCP_RESCUE_DONE");
  }, 150000);

  test("the $cc: skills take the typed path when the tool is there: $cc:review and $cc:rescue without a shell command", async () => {
    model.setScript((req) => followTypedSkill(req, req.skills().at(-1)?.name === "cc:rescue" ? { task: "MCP_SKILL_TASK" } : {}));
    const review = await codexExec(sb, "$cc:review", { env: env(), timeoutMs: 120000 });
    expect(model.scriptErrors).toEqual([]);
    expect(review.code, describeRun(review)).toBe(0);
    expect(review.lastMessage).toContain("MCP_E2E_FINDING");
    const rescue = await codexExec(sb, "$cc:rescue MCP_SKILL_TASK", { env: env(), timeoutMs: 120000 });
    expect(rescue.code, describeRun(rescue)).toBe(0);
    expect(rescue.lastMessage).toContain("MCP_RESCUE_DONE");
    for (const turn of [review, rescue]) {
      const items = turn.events.filter((e) => e.type === "item.completed").map((e) => e.item);
      expect(items.filter((i) => i.type === "mcp_tool_call").map((i) => i.status)).toEqual(["completed"]);
      expect(items.some((i) => i.type === "command_execution")).toBe(false);
    }
  }, 150000);

  test("cc uninstall removes the server with the plugin", async () => {
    const r = await run([cc, "uninstall"], { cwd: sb.repo, env: env(), timeoutMs: 60000 });
    expect(r.code, describeRun(r)).toBe(0);
    const listed = await run([codexBin, "mcp", "list", "--json"], { cwd: sb.repo, env: env(), timeoutMs: 30000 });
    expect(JSON.parse(listed.stdout.slice(listed.stdout.indexOf("["))).map((s: { name: string }) => s.name)).not.toContain("cc");
  }, 60000);

  test("cc mcp --print-config: the mcpServers JSON, and TOML that codex reads as the same server", async () => {
    const printed = await run([ccBinary(), "mcp", "--print-config"], { cwd: sb.repo, env: env(), timeoutMs: 30000 });
    expect(printed.code, describeRun(printed)).toBe(0);
    const json = JSON.parse(printed.stdout.slice(printed.stdout.indexOf("{"), printed.stdout.indexOf("\n}\n") + 2));
    expect(json).toEqual({ mcpServers: { cc: { command: realpathSync(ccBinary()), args: ["mcp"] } } });
    const own = join(sb.root, "codex-own");
    mkdirSync(own, { recursive: true });
    writeFileSync(join(own, "config.toml"), printed.stdout.slice(printed.stdout.indexOf("[mcp_servers.cc]")));
    const listed = await run([codexBin, "mcp", "list", "--json"], { cwd: sb.repo, env: { ...env(), CODEX_HOME: own }, timeoutMs: 30000 });
    const server = JSON.parse(listed.stdout.slice(listed.stdout.indexOf("["))).find((s: { name: string }) => s.name === "cc");
    expect(server?.transport, describeRun(listed)).toMatchObject({ command: realpathSync(ccBinary()), args: ["mcp"] });
    expect(server.transport.env_vars).toContain("ANTHROPIC_API_KEY");
  }, 60000);
});
