/**
 * Reading a Codex rollout (one JSON object a line: `{timestamp, type, payload}`) into turns.
 *
 * Lenient where Codex evolves: metadata lines (turn_context, token counts, world state...) are
 * ignored, unknown line and item types are counted in `leftOut`, and an unfinished last line (Codex
 * is still writing it) is ignored. Strict where it matters: a line in the middle that is not JSON,
 * or a first line that is not session_meta, is an error, so nothing half-read is ever transferred.
 */
import { z } from "zod";
import { CcError } from "../lib/errors.ts";
import { fileLines, type RegularFileSpec } from "../lib/regular-file.ts";
import type { CodexThread, ThreadEvent, ThreadTurn } from "./codex-thread.ts";
import { summariseUserMessage } from "./user-messages.ts";

const envelope = z.object({ timestamp: z.string().catch(""), type: z.string(), payload: z.unknown() });
const sessionMeta = z.looseObject({ id: z.string(), cwd: z.string() });
const turnEvent = z.looseObject({ type: z.string(), turn_id: z.string().nullish() });
const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });
const responseItem = z.looseObject({ type: z.string() });
const message = z.looseObject({ role: z.string(), content: z.array(contentPart).catch([]) });
const functionCall = z.looseObject({ call_id: z.string(), name: z.string(), arguments: z.string().catch("") });
const customCall = z.looseObject({ call_id: z.string(), name: z.string(), input: z.string().catch("") });
const callOutput = z.looseObject({ call_id: z.string(), output: z.unknown() });
const localShell = z.looseObject({
  call_id: z.string().nullish(),
  id: z.string().nullish(),
  action: z.looseObject({ command: z.array(z.string()).catch([]), working_directory: z.string().nullish() }),
});
const webSearch = z.looseObject({ action: z.looseObject({ query: z.string().nullish() }).nullish() });
const execArgs = z.looseObject({ cmd: z.string(), workdir: z.string().nullish() });
const shellArgs = z.looseObject({ command: z.union([z.string(), z.array(z.string())]), workdir: z.string().nullish() });

/** Line types that only carry Codex's bookkeeping; nothing of the conversation is in them. */
const METADATA_LINES = new Set(["turn_context", "world_state", "token_usage_record", "compacted"]);
/** Response items deliberately not carried, by the name the report uses. */
const LEFT_OUT_ITEMS: Record<string, string> = { reasoning: "reasoning (Codex's private, encrypted reasoning)", ghost_snapshot: "undo snapshots" };
const SHELL_TOOLS = new Set(["exec_command", "shell", "shell_command", "container.exec", "local_shell"]);

/** Tool output as text: a plain string, or content items with text (newer Codex). */
function outputText(output: unknown): string {
  if (typeof output === "string") return output;
  if (Array.isArray(output))
    return output.map((p) => (p && typeof p === "object" && typeof (p as { text?: unknown }).text === "string" ? (p as { text: string }).text : "")).join("");
  if (output && typeof output === "object" && typeof (output as { content?: unknown }).content === "string") return (output as { content: string }).content;
  // JSON.stringify of a value nested 100k deep spends seconds reaching its RangeError: measured first.
  if (nestedDeeperThan(output, MAX_OUTPUT_NESTING))
    return `[cc transfer: this tool output is nested more than ${MAX_OUTPUT_NESTING} levels deep; not carried over]`;
  return JSON.stringify(output ?? "");
}

const MAX_OUTPUT_NESTING = 1000;

/** Whether `value` nests objects or arrays more than `limit` deep (iterative: no stack to overflow). */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** exec_command's output is a header (`Process exited with code N`, ...) then `Output:\n<text>`. */
function parseShellOutput(raw: string): { text: string; exitCode: number | null } {
  const exited = /Process exited with code (-?\d+)/.exec(raw);
  const marker = raw.indexOf("Output:\n");
  const text = marker >= 0 && /^(Chunk ID|Wall time|Process)/.test(raw) ? raw.slice(marker + "Output:\n".length) : raw;
  return { text, exitCode: exited ? Number(exited[1]) : null };
}

function shellCommand(name: string, args: string): { command: string; workdir: string | null } | null {
  let json: unknown;
  try {
    json = JSON.parse(args);
  } catch {
    return null;
  }
  if (name === "exec_command") {
    const a = execArgs.safeParse(json);
    return a.success ? { command: a.data.cmd, workdir: a.data.workdir ?? null } : null;
  }
  const a = shellArgs.safeParse(json);
  if (!a.success) return null;
  const cmd = a.data.command;
  // The old `shell` tool took argv, usually ["bash", "-lc", "<script>"].
  const command = typeof cmd === "string" ? cmd : cmd.length === 3 && cmd[1] === "-lc" ? cmd[2]! : cmd.join(" ");
  return { command, workdir: a.data.workdir ?? null };
}

interface Collector {
  turns: ThreadTurn[];
  open: ThreadTurn | null;
  /** Tool calls by call_id, so a later output lands on its call. */
  calls: Map<string, Extract<ThreadEvent, { kind: "shell" | "tool" }>>;
  leftOut: Record<string, number>;
  sawTurnMarkers: boolean;
}

const count = (c: Collector, what: string) => (c.leftOut[what] = (c.leftOut[what] ?? 0) + 1);

function push(c: Collector, event: ThreadEvent, timestamp: string, lineNo: number): void {
  // Without turn markers (older rollouts) every user message starts a turn.
  if (!c.open || (!c.sawTurnMarkers && event.kind === "user")) {
    if (c.open) c.open.complete = true;
    c.open = { id: `line-${lineNo}`, complete: !c.sawTurnMarkers, timestamp, events: [] };
    c.turns.push(c.open);
  }
  c.open.events.push({ event, timestamp });
}

function onResponseItem(c: Collector, payload: unknown, timestamp: string, lineNo: number): void {
  const item = responseItem.safeParse(payload);
  if (!item.success) return void count(c, "malformed items");
  const type = item.data.type;
  const add = (e: ThreadEvent) => push(c, e, timestamp, lineNo);
  if (type === "message") {
    const m = message.safeParse(payload);
    if (!m.success) return void count(c, "malformed items");
    if (m.data.role === "assistant") {
      const text = m.data.content.map((p) => p.text ?? "").join("");
      if (text.trim()) add({ kind: "assistant", text });
    } else if (m.data.role === "user") {
      for (const e of summariseUserMessage(m.data.content)) add(e);
    } // developer/system messages are Codex's own instructions: Claude has its own.
  } else if (type === "function_call" || type === "custom_tool_call") {
    const f = type === "function_call" ? functionCall.safeParse(payload) : customCall.safeParse(payload);
    if (!f.success) return void count(c, "malformed items");
    const input = "arguments" in f.data ? (f.data.arguments as string) : (f.data.input as string);
    const shell = SHELL_TOOLS.has(f.data.name) ? shellCommand(f.data.name, input) : null;
    const event: Extract<ThreadEvent, { kind: "shell" | "tool" }> = shell
      ? { kind: "shell", callId: f.data.call_id, ...shell, output: null }
      : { kind: "tool", callId: f.data.call_id, name: f.data.name, input, output: null };
    c.calls.set(f.data.call_id, event);
    add(event);
  } else if (type === "local_shell_call") {
    const s = localShell.safeParse(payload);
    if (!s.success) return void count(c, "malformed items");
    const callId = s.data.call_id ?? s.data.id ?? `local-${lineNo}`;
    const event: Extract<ThreadEvent, { kind: "shell" }> = {
      kind: "shell",
      callId,
      command: s.data.action.command.join(" "),
      workdir: s.data.action.working_directory ?? null,
      output: null,
    };
    c.calls.set(callId, event);
    add(event);
  } else if (type === "function_call_output" || type === "custom_tool_call_output" || type === "local_shell_call_output") {
    const o = callOutput.safeParse(payload);
    if (!o.success) return void count(c, "malformed items");
    const call = c.calls.get(o.data.call_id);
    if (!call) return void count(c, "tool outputs without their call");
    const text = outputText(o.data.output);
    if (call.kind === "shell") call.output = parseShellOutput(text);
    else call.output = text;
  } else if (type === "web_search_call") {
    const w = webSearch.safeParse(payload);
    add({ kind: "note", text: `[Codex searched the web${w.success && w.data.action?.query ? ` for: ${w.data.action.query}` : ""}]` });
  } else {
    count(c, LEFT_OUT_ITEMS[type] ?? `unknown item type "${type}"`);
  }
}

function onEvent(c: Collector, payload: unknown, timestamp: string): void {
  const e = turnEvent.safeParse(payload);
  if (!e.success) return;
  if (e.data.type === "task_started" && e.data.turn_id) {
    c.sawTurnMarkers = true;
    if (c.open) c.open.complete = true;
    c.open = { id: e.data.turn_id, complete: false, timestamp, events: [] };
    c.turns.push(c.open);
  } else if ((e.data.type === "task_complete" || e.data.type === "turn_aborted") && c.open && (!e.data.turn_id || e.data.turn_id === c.open.id)) {
    if (e.data.type === "turn_aborted") c.open.events.push({ event: { kind: "note", text: "[The user interrupted Codex here.]" }, timestamp });
    c.open.complete = true;
    c.open = null;
  }
}

/** The rollout file: a regular file, at most this large, read line by line (lib/regular-file.ts). */
export const ROLLOUT_FILE: RegularFileSpec = {
  what: "the Codex rollout",
  maxBytes: 1024 * 1024 * 1024,
  tooLargeHint: "Nothing was transferred. Continue in a new Codex thread (or compact this one) and transfer that.",
};

/** A last line without its newline is still being written by Codex: it belongs to the running turn. */
function* textLines(text: string): Generator<string> {
  const lines = text.split("\n");
  if (!text.endsWith("\n")) lines.pop();
  yield* lines;
}

/** Parse a rollout: from `path` (streamed), or from `text` already read. */
export function parseRollout(path: string, text?: string): CodexThread {
  const lines = text === undefined ? fileLines(path, ROLLOUT_FILE, { dropUnterminated: true }) : textLines(text);
  const c: Collector = { turns: [], open: null, calls: new Map(), leftOut: {}, sawTurnMarkers: false };
  let meta: z.infer<typeof sessionMeta> | null = null;
  let lineNo = 0;
  for (const line of lines) onLine(line, ++lineNo);
  function onLine(line: string, lineNo: number): void {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new CcError(`${path} line ${lineNo} is not valid JSON, so the thread cannot be read reliably`, {
        hint: "Nothing was transferred. The rollout file may be damaged; `codex resume` shows whether Codex itself can still open the thread.",
      });
    }
    const env = envelope.safeParse(json);
    if (!env.success) {
      count(c, "malformed lines");
      return;
    }
    const { type, payload, timestamp } = env.data;
    if (lineNo === 1 || type === "session_meta") {
      const m = sessionMeta.safeParse(payload);
      if (type !== "session_meta" || !m.success) throw new CcError(`${path} does not start with Codex's session_meta line: it is not a rollout cc can read`);
      meta ??= m.data;
      return;
    }
    if (type === "response_item") onResponseItem(c, payload, timestamp, lineNo);
    else if (type === "event_msg") onEvent(c, payload, timestamp);
    else if (!METADATA_LINES.has(type)) count(c, `unknown line type "${type}"`);
  }
  if (!meta) throw new CcError(`${path} is empty: the thread has nothing to transfer yet`);
  const m = meta as z.infer<typeof sessionMeta>;
  // Older rollouts have no turn markers: only the last turn can still be running, and we cannot tell.
  return { id: m.id, cwd: m.cwd, rolloutPath: path, turns: c.turns.filter((t) => t.events.length > 0), leftOut: c.leftOut };
}
