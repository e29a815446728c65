/**
 * A scripted Anthropic Messages API on 127.0.0.1 that plays Claude's model for the real `claude`.
 *
 * Each POST /v1/messages is recorded and answered by the test's script, which picks a Reply:
 * streamed text, tool calls (streamed as input_json_delta), structured output, an HTTP error
 * (with `x-should-retry: false` so claude fails at once), a slow stream, a stream cut mid-message,
 * or a stall. Non-streaming requests (claude's fallback after a broken stream) get the same reply
 * as one JSON message. `HEAD /` (claude's connectivity probe) answers 200.
 */
import type { Server } from "bun";

export interface ToolCall {
  name: string;
  input: Record<string, unknown>;
  id?: string;
}

export type Reply =
  | { kind: "text"; text: string; chunks?: number; chunkDelayMs?: number }
  | { kind: "tools"; text?: string; calls: ToolCall[] }
  | { kind: "structured"; output: unknown; text?: string; chunkDelayMs?: number }
  | { kind: "error"; status: number; type?: string; message?: string; retryAfter?: number; retryable?: boolean }
  | { kind: "cut"; text?: string }
  | { kind: "stall"; text?: string };

export const reply = {
  text: (text: string, opts: { chunks?: number; chunkDelayMs?: number } = {}): Reply => ({ kind: "text", text, ...opts }),
  tool: (name: string, input: Record<string, unknown>, text?: string): Reply => ({ kind: "tools", calls: [{ name, input }], ...(text ? { text } : {}) }),
  tools: (calls: ToolCall[], text?: string): Reply => ({ kind: "tools", calls, ...(text ? { text } : {}) }),
  structured: (output: unknown, text?: string): Reply => ({ kind: "structured", output, ...(text ? { text } : {}) }),
  error: (status: number, message = `mock ${status} error`, type?: string): Reply => ({ kind: "error", status, message, ...(type ? { type } : {}) }),
  /** An error claude may retry (no `x-should-retry: false`): for retry and model-fallback tests. */
  retryableError: (status: number, opts: { retryAfter?: number; message?: string } = {}): Reply => ({
    kind: "error",
    status,
    message: opts.message ?? `mock ${status} error`,
    retryable: true,
    ...(opts.retryAfter !== undefined ? { retryAfter: opts.retryAfter } : {}),
  }),
  cut: (text = "partial answer"): Reply => ({ kind: "cut", text }),
  stall: (text?: string): Reply => ({ kind: "stall", ...(text ? { text } : {}) }),
};

export interface RecordedRequest {
  n: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: any;
}

export interface AnthropicRequest extends RecordedRequest {
  /** Number of tool_result blocks in the conversation: the step a stateless script is at. */
  toolResults: number;
  /** All user-visible text of the conversation's user messages, joined. */
  userText(): string;
  /** The tool_result blocks, in order. */
  results(): { toolUseId: string; content: string; isError: boolean }[];
  /** True when the request offers a tool of that name. */
  hasTool(name: string): boolean;
}

export type Script = (req: AnthropicRequest) => Reply;

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

function blockText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((b: any) => (b?.type === "text" ? String(b.text ?? "") : b?.type === "tool_result" ? blockText(b.content) : "")).join("\n");
}

function enrich(rec: RecordedRequest): AnthropicRequest {
  const messages: any[] = Array.isArray(rec.body?.messages) ? rec.body.messages : [];
  const results = () =>
    messages
      .filter((m) => m?.role === "user" && Array.isArray(m.content))
      .flatMap((m) => m.content.filter((b: any) => b?.type === "tool_result"))
      .map((b: any) => ({ toolUseId: String(b.tool_use_id), content: blockText(b.content), isError: b.is_error === true }));
  return {
    ...rec,
    toolResults: results().length,
    results,
    userText: () =>
      messages
        .filter((m) => m?.role === "user")
        .map((m) => blockText(m.content))
        .join("\n"),
    hasTool: (name) => Array.isArray(rec.body?.tools) && rec.body.tools.some((t: any) => t?.name === name),
  };
}

/**
 * The usual shape of a scripted Claude turn: the model makes tool call `steps[k]` after seeing k tool
 * results, then answers `final`. Stateless, so claude's retries and resumes replay cleanly.
 */
export function toolSteps(steps: Reply[], final: Reply): Script {
  return (req) => steps[req.toolResults] ?? final;
}

interface SseEvent {
  event: string;
  data: unknown;
}

function messageEvents(model: string, n: number, r: Extract<Reply, { kind: "text" | "tools" | "structured" }>): SseEvent[] {
  const events: SseEvent[] = [];
  const blocks: ({ type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: unknown })[] = [];
  if (r.kind === "text") blocks.push({ type: "text", text: r.text });
  else {
    if (r.text) blocks.push({ type: "text", text: r.text });
    const calls = r.kind === "tools" ? r.calls : [{ name: "StructuredOutput", input: r.output as Record<string, unknown> }];
    for (const [i, c] of calls.entries()) blocks.push({ type: "tool_use", id: c.id ?? `toolu_mock_${n}_${i}`, name: c.name, input: c.input });
  }
  const stopReason = blocks.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn";
  events.push({
    event: "message_start",
    data: {
      type: "message_start",
      message: {
        id: `msg_mock_${n}`,
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 1 },
      },
    },
  });
  blocks.forEach((block, index) => {
    if (block.type === "text") {
      events.push({ event: "content_block_start", data: { type: "content_block_start", index, content_block: { type: "text", text: "" } } });
      const chunks = r.kind === "text" ? Math.max(1, r.chunks ?? 1) : 1;
      const size = Math.ceil(block.text.length / chunks) || 1;
      for (let i = 0; i < block.text.length || i === 0; i += size) {
        events.push({
          event: "content_block_delta",
          data: { type: "content_block_delta", index, delta: { type: "text_delta", text: block.text.slice(i, i + size) } },
        });
      }
    } else {
      events.push({
        event: "content_block_start",
        data: { type: "content_block_start", index, content_block: { type: "tool_use", id: block.id, name: block.name, input: {} } },
      });
      const json = JSON.stringify(block.input);
      const half = Math.ceil(json.length / 2);
      for (const part of [json.slice(0, half), json.slice(half)]) {
        events.push({ event: "content_block_delta", data: { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: part } } });
      }
    }
    events.push({ event: "content_block_stop", data: { type: "content_block_stop", index } });
  });
  events.push({
    event: "message_delta",
    data: { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 20 } },
  });
  events.push({ event: "message_stop", data: { type: "message_stop" } });
  return events;
}

/** The same reply as a complete, non-streamed message (claude's fallback path). */
function messageJson(model: string, n: number, r: Extract<Reply, { kind: "text" | "tools" | "structured" }>) {
  const content: unknown[] = [];
  if (r.kind === "text") content.push({ type: "text", text: r.text });
  else {
    if (r.text) content.push({ type: "text", text: r.text });
    const calls = r.kind === "tools" ? r.calls : [{ name: "StructuredOutput", input: r.output }];
    for (const [i, c] of (calls as any[]).entries()) content.push({ type: "tool_use", id: c.id ?? `toolu_mock_${n}_${i}`, name: c.name, input: c.input });
  }
  const toolUse = content.some((b: any) => b.type === "tool_use");
  return {
    id: `msg_mock_${n}`,
    type: "message",
    role: "assistant",
    model,
    content,
    stop_reason: toolUse ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 20 },
  };
}

const sse = (e: SseEvent) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;

export interface AnthropicMock {
  url: string;
  port: number;
  requests: AnthropicRequest[];
  /** Errors thrown by the script (the request got HTTP 500): tests should assert this is empty. */
  scriptErrors: string[];
  setScript(script: Script): void;
  close(): Promise<void>;
}

export function startAnthropicMock(script: Script = () => reply.text("Hello from mock")): AnthropicMock {
  let current = script;
  const requests: AnthropicRequest[] = [];
  const scriptErrors: string[] = [];
  let count = 0;
  const encoder = new TextEncoder();

  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    async fetch(request) {
      const url = new URL(request.url);
      if (request.method !== "POST" || !url.pathname.startsWith("/v1/messages")) {
        return new Response(request.method === "HEAD" ? null : "{}", { status: 200, headers: { "content-type": "application/json" } });
      }
      const n = ++count;
      const body: any = await request.json().catch(() => null);
      const rec = enrich({ n, method: request.method, path: url.pathname + url.search, headers: Object.fromEntries(request.headers), body });
      requests.push(rec);
      if (url.pathname.endsWith("/count_tokens")) return Response.json({ input_tokens: 10 });

      let r: Reply;
      try {
        r = current(rec);
      } catch (error) {
        scriptErrors.push(String(error));
        return Response.json(
          { type: "error", error: { type: "api_error", message: `mock script error: ${error}` } },
          { status: 500, headers: { "x-should-retry": "false" } },
        );
      }
      const model = String(body?.model ?? "claude-mock");

      if (r.kind === "error") {
        const headers: Record<string, string> = { "request-id": `req_mock_${n}` };
        if (!r.retryable) headers["x-should-retry"] = "false";
        if (r.retryAfter !== undefined) headers["retry-after"] = String(r.retryAfter);
        return Response.json(
          { type: "error", error: { type: r.type ?? ERROR_TYPES[r.status] ?? "api_error", message: r.message ?? `mock ${r.status} error` } },
          { status: r.status, headers },
        );
      }

      const streaming = body?.stream === true;
      if (r.kind === "cut" || r.kind === "stall") {
        const partial = messageEvents(model, n, { kind: "text", text: r.text ?? "partial" }).slice(0, 3); // start, block start, one delta
        const stream = new ReadableStream<Uint8Array>({
          async start(controller) {
            if (streaming) for (const e of partial) controller.enqueue(encoder.encode(sse(e)));
            else controller.enqueue(encoder.encode('{"id":"msg_cut","type":"mess'));
            if (r.kind === "cut") {
              await Bun.sleep(20);
              controller.error(new Error("mock: connection cut"));
            }
            // stall: never enqueue more and never close; request.signal ends it on teardown
          },
        });
        return new Response(stream, { headers: { "content-type": streaming ? "text/event-stream" : "application/json", "request-id": `req_mock_${n}` } });
      }

      if (!streaming) return Response.json(messageJson(model, n, r), { headers: { "request-id": `req_mock_${n}` } });

      const events = messageEvents(model, n, r);
      const delay = r.kind === "text" || r.kind === "structured" ? (r.chunkDelayMs ?? 0) : 0;
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          for (const e of events) {
            if (delay && e.event === "content_block_delta") await Bun.sleep(delay);
            if (request.signal.aborted) return;
            controller.enqueue(encoder.encode(sse(e)));
          }
          controller.close();
        },
      });
      return new Response(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache", "request-id": `req_mock_${n}` } });
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    port: server.port!,
    requests,
    scriptErrors,
    setScript(next) {
      current = next;
    },
    async close() {
      await server.stop(true);
    },
  };
}
