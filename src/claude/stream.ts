/**
 * The parser of `claude -p --output-format stream-json --verbose`: NDJSON on stdout, one event per
 * line. Every line is validated with zod; unknown types and subtypes, lines that fail validation and
 * stray non-JSON lines are counted and skipped, never fatal. Lines may arrive split across chunks.
 * Parsing continues after the `result` line: `task_*` system events can follow it. In a
 * conversation claude also writes `control_request`s it waits on: they go to the runner, which
 * answers them (src/claude/control.ts).
 */
import { z } from "zod";
import type { ControlRequest } from "./control.ts";
import { describeTool } from "./describe-tool.ts";
import type { ClaudeEvent, ClaudeResultEvent, ToolRef } from "./types.ts";

const num = z.number().finite();

const initSchema = z.looseObject({
  type: z.literal("system"),
  subtype: z.literal("init"),
  session_id: z.string(),
  model: z.string().catch(""),
  tools: z.array(z.string()).catch([]),
  apiKeySource: z.string().nullish().catch(null),
  cwd: z.string().nullish().catch(null),
});

const retrySchema = z.looseObject({
  type: z.literal("system"),
  subtype: z.literal("api_retry"),
  attempt: num.catch(0),
  max_retries: num.nullish().catch(null),
  retry_delay_ms: num.nullish().catch(null),
  error_status: num.nullish().catch(null),
  error: z.string().nullish().catch(null),
});

const fallbackSchema = z.looseObject({
  type: z.literal("system"),
  subtype: z.literal("model_fallback"),
  original_model: z.string().nullish().catch(null),
  fallback_model: z.string().nullish().catch(null),
  content: z.string().nullish().catch(null),
});

const contentBlock = z.union([
  z.looseObject({ type: z.literal("text"), text: z.string() }),
  z.looseObject({ type: z.literal("tool_use"), id: z.string(), name: z.string(), input: z.unknown() }),
  z.looseObject({ type: z.literal("tool_result"), tool_use_id: z.string(), is_error: z.boolean().nullish() }),
  z.looseObject({ type: z.string() }),
]);

const assistantSchema = z.looseObject({
  type: z.literal("assistant"),
  message: z.looseObject({ id: z.string().nullish(), model: z.string().nullish(), content: z.array(contentBlock).catch([]) }),
  parent_tool_use_id: z.string().nullish(),
  /** Set on claude's synthetic error messages: authentication_failed, rate_limit, server_error, unknown. */
  error: z.string().nullish(),
});

const userSchema = z.looseObject({
  type: z.literal("user"),
  /** `--replay-user-messages`: claude echoes a user message of the input when it takes it. */
  isReplay: z.boolean().nullish().catch(null),
  message: z.looseObject({ content: z.union([z.string(), z.array(contentBlock)]).catch([]) }),
});

const usageSchema = z.looseObject({
  input_tokens: num.catch(0).default(0),
  output_tokens: num.catch(0).default(0),
  cache_read_input_tokens: num.catch(0).default(0),
  cache_creation_input_tokens: num.catch(0).default(0),
});

const resultSchema = z.looseObject({
  type: z.literal("result"),
  subtype: z.string().catch("unknown"),
  is_error: z.boolean(),
  result: z.string().nullish().catch(null),
  structured_output: z.unknown().optional(),
  total_cost_usd: num.nullish().catch(null),
  usage: usageSchema.nullish().catch(null),
  num_turns: num.nullish().catch(null),
  duration_ms: num.nullish().catch(null),
  permission_denials: z
    .array(z.looseObject({ tool_name: z.string(), tool_input: z.unknown().optional() }))
    .nullish()
    .catch([]),
  api_error_status: num.nullish().catch(null),
  errors: z.array(z.unknown()).nullish().catch([]),
  terminal_reason: z.string().nullish().catch(null),
  modelUsage: z.record(z.string(), z.unknown()).nullish().catch(null),
});

/** claude asking its host, in a conversation; answered by the runner (src/claude/control.ts). */
const controlRequestSchema = z.looseObject({
  type: z.literal("control_request"),
  request_id: z.string().min(1).max(200),
  request: z.looseObject({
    subtype: z.string().max(200),
    tool_name: z.string().max(200).nullish().catch(null),
    description: z.string().nullish().catch(null),
  }),
});

export interface StreamState {
  init: Extract<ClaudeEvent, { type: "init" }> | null;
  result: ClaudeResultEvent | null;
  /** The `error` of claude's last synthetic assistant message (API failure kind). */
  syntheticError: string | null;
  /** Top-level assistant messages seen so far (claude splits one message into several events). */
  turns: number;
  /** The model the last real answer came from (after a fallback: the fallback model). */
  model: string | null;
  /** The models in the result's usage, e.g. the fallback model after a switch. */
  resultModels: string[];
  fallback: Extract<ClaudeEvent, { type: "model_fallback" }> | null;
  /** Tools started and not yet finished, by tool_use id. */
  running: Map<string, ToolRef>;
  /** Lines that were not JSON or did not validate. */
  skippedLines: number;
  unknownEvents: number;
}

export class StreamJsonParser {
  readonly state: StreamState = {
    init: null,
    result: null,
    syntheticError: null,
    turns: 0,
    model: null,
    resultModels: [],
    fallback: null,
    running: new Map(),
    skippedLines: 0,
    unknownEvents: 0,
  };
  private buffer = "";
  private readonly messageIds = new Set<string>();

  constructor(
    private readonly onEvent: (event: ClaudeEvent) => void,
    private cwd: string | null = null,
    /** A request claude waits on: it must be answered on its stdin (src/claude/control.ts). */
    private readonly onControlRequest: (request: ControlRequest) => void = () => {},
  ) {}

  /** Feed a chunk of stdout; complete lines are parsed at once, a trailing partial line waits. */
  push(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      this.line(line);
    }
  }

  /** stdout ended: parse what is left. */
  end(): void {
    const rest = this.buffer;
    this.buffer = "";
    if (rest.trim()) this.line(rest);
  }

  private emit(event: ClaudeEvent): void {
    try {
      this.onEvent(event);
    } catch {
      // A caller's callback must not break parsing of claude's output.
    }
  }

  line(raw: string): void {
    const text = raw.trim();
    if (!text) return;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.state.skippedLines++;
      return;
    }
    const head = z.looseObject({ type: z.string(), subtype: z.string().optional() }).safeParse(json);
    if (!head.success) {
      this.state.skippedLines++;
      return;
    }
    const { type, subtype } = head.data;
    const handled =
      type === "system" && subtype === "init"
        ? this.init(json)
        : type === "system" && subtype === "api_retry"
          ? this.retry(json)
          : type === "system" && subtype === "model_fallback"
            ? this.fallback(json)
            : type === "assistant"
              ? this.assistant(json)
              : type === "user"
                ? this.user(json)
                : type === "result"
                  ? this.result(json)
                  : type === "control_request"
                    ? this.controlRequest(json)
                    : null;
    if (handled === null) this.state.unknownEvents++;
    else if (!handled) this.state.skippedLines++;
  }

  private init(json: unknown): boolean {
    const p = initSchema.safeParse(json);
    if (!p.success) return false;
    const event = {
      type: "init",
      sessionId: p.data.session_id,
      model: p.data.model,
      tools: p.data.tools,
      apiKeySource: p.data.apiKeySource ?? null,
      cwd: p.data.cwd ?? null,
    } as const;
    this.state.init = event;
    this.cwd = event.cwd ?? this.cwd;
    this.emit(event);
    return true;
  }

  private retry(json: unknown): boolean {
    const p = retrySchema.safeParse(json);
    if (!p.success) return false;
    const d = p.data;
    this.emit({
      type: "retry",
      attempt: d.attempt,
      maxRetries: d.max_retries ?? null,
      delayMs: d.retry_delay_ms ?? null,
      errorStatus: d.error_status ?? null,
      error: d.error ?? null,
    });
    return true;
  }

  private fallback(json: unknown): boolean {
    const p = fallbackSchema.safeParse(json);
    if (!p.success) return false;
    const event = { type: "model_fallback", from: p.data.original_model ?? null, to: p.data.fallback_model ?? null, message: p.data.content ?? null } as const;
    this.state.fallback = event;
    this.emit(event);
    return true;
  }

  private assistant(json: unknown): boolean {
    const p = assistantSchema.safeParse(json);
    if (!p.success) return false;
    const { message, parent_tool_use_id: parent, error } = p.data;
    const synthetic = message.model === "<synthetic>";
    if (synthetic) this.state.syntheticError = error ?? this.state.syntheticError;
    if (!parent && !synthetic) {
      if (message.model) this.state.model = message.model;
      const id = message.id ?? `anon-${this.messageIds.size}`;
      if (!this.messageIds.has(id)) {
        this.messageIds.add(id);
        this.state.turns++;
      }
    }
    for (const block of message.content) {
      if (block.type === "text" && typeof block.text === "string" && !parent) {
        if (block.text) this.emit({ type: "text", text: block.text });
      } else if (block.type === "tool_use" && typeof block.id === "string" && typeof block.name === "string") {
        const tool: ToolRef = { id: block.id, name: block.name, description: describeTool(block.name, block.input, this.cwd) };
        this.state.running.set(tool.id, tool);
        this.emit({ type: "tool_start", tool });
      }
    }
    return true;
  }

  private user(json: unknown): boolean {
    const p = userSchema.safeParse(json);
    if (!p.success) return false;
    const content = p.data.message.content;
    if (p.data.isReplay === true) {
      const text = typeof content === "string" ? content : content.map((b) => (b.type === "text" && typeof b.text === "string" ? b.text : "")).join("");
      this.emit({ type: "user_message", text });
      return true;
    }
    if (typeof content === "string") return true;
    for (const block of content) {
      if (block.type !== "tool_result" || typeof block.tool_use_id !== "string") continue;
      const tool = this.state.running.get(block.tool_use_id) ?? { id: block.tool_use_id, name: "tool", description: "tool" };
      this.state.running.delete(block.tool_use_id);
      this.emit({ type: "tool_finish", tool, isError: block.is_error === true });
    }
    return true;
  }

  private controlRequest(json: unknown): boolean {
    const p = controlRequestSchema.safeParse(json);
    if (!p.success) return false;
    const { request_id: requestId, request } = p.data;
    try {
      this.onControlRequest({ requestId, subtype: request.subtype, toolName: request.tool_name ?? null, description: request.description ?? null });
    } catch {
      // As for events: the caller's callback must not break parsing.
    }
    return true;
  }

  private result(json: unknown): boolean {
    const p = resultSchema.safeParse(json);
    if (!p.success) return false;
    const d = p.data;
    const result: ClaudeResultEvent = {
      subtype: d.subtype,
      isError: d.is_error,
      text: d.result ?? "",
      structured: d.structured_output,
      hasStructured: Object.hasOwn(json as object, "structured_output"),
      costUsd: d.total_cost_usd ?? null,
      usage: d.usage
        ? {
            inputTokens: d.usage.input_tokens,
            outputTokens: d.usage.output_tokens,
            cacheReadTokens: d.usage.cache_read_input_tokens,
            cacheCreationTokens: d.usage.cache_creation_input_tokens,
          }
        : null,
      turns: d.num_turns ?? null,
      durationMs: d.duration_ms ?? null,
      permissionDenials: (d.permission_denials ?? []).map((x) => ({ toolName: x.tool_name, input: x.tool_input ?? null })),
      apiErrorStatus: d.api_error_status ?? null,
      errors: (d.errors ?? []).map((e) => (typeof e === "string" ? e : JSON.stringify(e))),
      terminalReason: d.terminal_reason ?? null,
    };
    // A conversation (stream-json input) ends each turn with a result: the cost is claude's running
    // total already; turns and tokens are the turn's own, so they add up.
    const before = this.state.result;
    if (before) {
      if (before.turns !== null) result.turns = (result.turns ?? 0) + before.turns;
      if (before.usage && result.usage) {
        for (const key of Object.keys(result.usage) as (keyof NonNullable<ClaudeResultEvent["usage"]>)[]) result.usage[key] += before.usage[key];
      }
    }
    this.state.result = result;
    this.state.resultModels = Object.keys(d.modelUsage ?? {});
    this.emit({ type: "result", result });
    return true;
  }
}
