/** The stream-json parser: typed events out of claude's NDJSON, whatever else the stream holds. */
import { describe, expect, test } from "bun:test";
import { describeTool } from "../../src/claude/describe-tool.ts";
import { StreamJsonParser } from "../../src/claude/stream.ts";
import type { ClaudeEvent } from "../../src/claude/types.ts";

const init = {
  type: "system",
  subtype: "init",
  cwd: "/repo",
  session_id: "s-1",
  tools: ["Bash", "Read"],
  model: "claude-opus-4-8[1m]",
  apiKeySource: "ANTHROPIC_API_KEY",
  uuid: "u",
};
const toolUse = (id: string, name: string, input: unknown, msg = "msg_1") => ({
  type: "assistant",
  message: { id: msg, model: "claude-opus-4-8", content: [{ type: "tool_use", id, name, input }] },
  parent_tool_use_id: null,
  session_id: "s-1",
});
const text = (t: string, msg = "msg_1") => ({
  type: "assistant",
  message: { id: msg, model: "claude-opus-4-8", content: [{ type: "text", text: t }] },
  parent_tool_use_id: null,
  session_id: "s-1",
});
const toolResult = (id: string, isError: boolean) => ({
  type: "user",
  message: { role: "user", content: [{ tool_use_id: id, type: "tool_result", content: "x", is_error: isError }] },
  session_id: "s-1",
});
const result = {
  type: "result",
  subtype: "success",
  is_error: false,
  api_error_status: null,
  duration_ms: 231,
  num_turns: 2,
  result: "All good",
  session_id: "s-1",
  total_cost_usd: 0.0012,
  usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 3, cache_creation_input_tokens: 0 },
  permission_denials: [{ tool_name: "Bash", tool_use_id: "t9", tool_input: { command: "echo x > f" } }],
  terminal_reason: "completed",
  structured_output: { verdict: "approve" },
};

function parse(chunks: string[]): { events: ClaudeEvent[]; parser: StreamJsonParser } {
  const events: ClaudeEvent[] = [];
  const parser = new StreamJsonParser((e) => events.push(e));
  for (const c of chunks) parser.push(c);
  parser.end();
  return { events, parser };
}

const lines = (...objs: unknown[]) => `${objs.map((o) => (typeof o === "string" ? o : JSON.stringify(o))).join("\n")}\n`;

describe("StreamJsonParser", () => {
  test("a full run gives init, text, tool start and finish with descriptions, and the result", () => {
    const { events, parser } = parse([
      lines(init, text("Looking."), toolUse("t1", "Bash", { command: "git diff --stat" }), toolResult("t1", false), text("All good", "msg_2"), result),
    ]);
    expect(events.map((e) => e.type)).toEqual(["init", "text", "tool_start", "tool_finish", "text", "result"]);
    expect(events[0]).toEqual({
      type: "init",
      sessionId: "s-1",
      model: "claude-opus-4-8[1m]",
      tools: ["Bash", "Read"],
      apiKeySource: "ANTHROPIC_API_KEY",
      cwd: "/repo",
    });
    expect(events[2]).toEqual({ type: "tool_start", tool: { id: "t1", name: "Bash", description: "Bash: git diff --stat" } });
    expect(events[3]).toMatchObject({ type: "tool_finish", isError: false, tool: { description: "Bash: git diff --stat" } });
    const r = parser.state.result!;
    expect(r).toMatchObject({
      subtype: "success",
      isError: false,
      text: "All good",
      costUsd: 0.0012,
      turns: 2,
      durationMs: 231,
      hasStructured: true,
      structured: { verdict: "approve" },
    });
    expect(r.usage).toEqual({ inputTokens: 10, outputTokens: 5, cacheReadTokens: 3, cacheCreationTokens: 0 });
    expect(r.permissionDenials).toEqual([{ toolName: "Bash", input: { command: "echo x > f" } }]);
    expect(parser.state.turns).toBe(2);
  });

  test("lines split anywhere across chunks parse the same", () => {
    const whole = lines(init, toolUse("t1", "Read", { file_path: "/repo/src/x.ts" }), toolResult("t1", true), result);
    const { events: once } = parse([whole]);
    for (const size of [1, 7, 64]) {
      const chunks: string[] = [];
      for (let i = 0; i < whole.length; i += size) chunks.push(whole.slice(i, i + size));
      expect(parse(chunks).events).toEqual(once);
    }
    expect(once[1]).toMatchObject({ type: "tool_start", tool: { description: "Read src/x.ts" } });
    expect(once[2]).toMatchObject({ type: "tool_finish", isError: true });
  });

  test("stray text, broken JSON, unknown types and subtypes are skipped; events after the result still count", () => {
    const { events, parser } = parse([
      lines(
        "Warning: no stdin data received in 3s, proceeding without it...",
        init,
        '{"type":"assistant","message":',
        { type: "stream_event", event: { type: "content_block_delta" } },
        { type: "system", subtype: "thinking_tokens", estimated_tokens: 4 },
        { type: "system", subtype: "some_future_event" },
        { type: "result", subtype: "success" }, // no is_error: does not validate
        [1, 2, 3],
        result,
        { type: "system", subtype: "api_retry", attempt: 2, max_retries: 10, retry_delay_ms: 579.3, error_status: 529, error: "overloaded" },
      ),
    ]);
    expect(events.map((e) => e.type)).toEqual(["init", "result", "retry"]);
    expect(events[2]).toEqual({ type: "retry", attempt: 2, maxRetries: 10, delayMs: 579.3, errorStatus: 529, error: "overloaded" });
    expect(parser.state.skippedLines).toBe(4);
    expect(parser.state.unknownEvents).toBe(3);
  });

  test("model fallback, synthetic API errors and a result without structured output", () => {
    const synthetic = {
      type: "assistant",
      message: { id: "x", model: "<synthetic>", content: [{ type: "text", text: "Failed to authenticate. API Error: 401" }] },
      error: "authentication_failed",
      parent_tool_use_id: null,
    };
    const fallback = {
      type: "system",
      subtype: "model_fallback",
      trigger: "overloaded",
      original_model: "claude-opus-4-8",
      fallback_model: "claude-sonnet-5",
      content: "Switched to Sonnet 5",
    };
    const { structured_output: _omit, ...plain } = result;
    const { events, parser } = parse([lines(init, fallback, synthetic, { ...plain, is_error: true, api_error_status: 401, errors: ["bad key"] })]);
    expect(events[1]).toEqual({ type: "model_fallback", from: "claude-opus-4-8", to: "claude-sonnet-5", message: "Switched to Sonnet 5" });
    expect(parser.state.syntheticError).toBe("authentication_failed");
    expect(parser.state.turns).toBe(0);
    expect(parser.state.result).toMatchObject({ isError: true, apiErrorStatus: 401, errors: ["bad key"], hasStructured: false });
  });

  test("a callback that throws does not stop parsing", () => {
    const seen: string[] = [];
    const parser = new StreamJsonParser((e) => {
      seen.push(e.type);
      throw new Error("caller bug");
    });
    parser.push(lines(init, result));
    expect(seen).toEqual(["init", "result"]);
  });
});

describe("describeTool", () => {
  test("short human lines per tool", () => {
    expect(describeTool("Read", { file_path: "/repo/src/x.ts" }, "/repo")).toBe("Read src/x.ts");
    expect(describeTool("Edit", { file_path: "/elsewhere/y.ts" }, "/repo")).toBe("Edit /elsewhere/y.ts");
    expect(describeTool("Bash", { command: "git   diff\n--stat" })).toBe("Bash: git diff --stat");
    expect(describeTool("Grep", { pattern: "TODO", path: "/repo/src" }, "/repo")).toBe('Grep "TODO" in src');
    expect(describeTool("Glob", { pattern: "**/*.ts" })).toBe("Glob **/*.ts");
    expect(describeTool("Mystery", null)).toBe("Mystery");
    const long = describeTool("Bash", { command: `echo ${"a".repeat(200)}` });
    expect(long.length).toBe(72);
    expect(long.endsWith("…")).toBe(true);
  });
});
