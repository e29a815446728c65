/**
 * What a hook reads: the event JSON Codex writes to stdin. Bounded (a hook never holds more than
 * MAX_INPUT_BYTES, however much arrives), parsed leniently — every field is optional and a field of
 * the wrong type counts as absent — because a hook must do its small job or nothing, never fail.
 */
import { isAbsolutePath } from "../lib/path-text.ts";

const HOOK_EVENTS = ["SessionStart", "UserPromptSubmit", "Stop", "SessionEnd"] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** Codex's inputs are a few KiB (the last assistant message is the biggest part). */
const MAX_INPUT_BYTES = 4 * 1024 * 1024;
const MAX_TEXT = 1024 * 1024;

/*
 * The shape is checked by hand, not with zod: every field is an optional string or boolean whose
 * wrong type counts as absent, which a few lines say exactly; and this runs on every prompt, where
 * even zod/mini loads zod's core (110 KB of code, about 2 MiB and 1 ms per hook: bench/README.md).
 */
const text = (value: unknown, max = MAX_TEXT): string | undefined => (typeof value === "string" && value.length <= max ? value : undefined);
/**
 * Ids end up in SQL parameters and log lines: keep them to what Codex actually sends, 1–128 of
 * `A-Za-z0-9._:-`. Checked without a regular expression, as is everything on this path: the first
 * regex a process runs costs it 1–2 MiB (bench/README.md).
 */
function isId(value: string): boolean {
  if (value.length === 0 || value.length > 128) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!isAsciiAlnum(c) && c !== 46 && c !== 95 && c !== 58 && c !== 45) return false; // . _ : -
  }
  return true;
}

/** A character code of `0-9A-Za-z`. */
export const isAsciiAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const id = (value: unknown): string | undefined => (typeof value === "string" && isId(value) ? value : undefined);

function parseFields(record: Record<string, unknown>) {
  return {
    session_id: id(record.session_id),
    turn_id: id(record.turn_id),
    hook_event_name: text(record.hook_event_name, 64),
    cwd: text(record.cwd, 4096),
    transcript_path: text(record.transcript_path, 4096),
    source: text(record.source, 64),
    prompt: text(record.prompt),
    reason: text(record.reason, 256),
    stop_hook_active: typeof record.stop_hook_active === "boolean" ? record.stop_hook_active : undefined,
    last_assistant_message: text(record.last_assistant_message),
  };
}

export interface HookInput {
  sessionId: string | null;
  turnId: string | null;
  eventName: string | null;
  /** Absolute; the hook's own cwd when the input had none (Codex runs hooks in the session cwd). */
  cwd: string;
  transcriptPath: string | null;
  source: string | null;
  prompt: string | null;
  reason: string | null;
  stopHookActive: boolean;
  lastAssistantMessage: string | null;
  /** The event came from a subagent thread (it carries `agent_id`, whatever its value). */
  subagent: boolean;
  /** Why the input was unusable, when it was (too big, not JSON, not an object). */
  problem: string | null;
}

export function parseHookInput(raw: string, fallbackCwd: () => string = process.cwd): HookInput {
  let problem: string | null = null;
  let json: unknown = {};
  if (raw.trim() !== "") {
    try {
      json = JSON.parse(raw);
    } catch (error) {
      problem = `stdin is not JSON (${(error as Error).message.slice(0, 80)})`;
    }
  }
  if (problem === null && (typeof json !== "object" || json === null || Array.isArray(json))) {
    problem = `stdin is JSON but not an object (${Array.isArray(json) ? "array" : typeof json})`;
    json = {};
  }
  const record = (problem === null ? json : {}) as Record<string, unknown>;
  const f = parseFields(record);
  const agent = record.agent_id;
  return {
    sessionId: f.session_id ?? null,
    turnId: f.turn_id ?? null,
    eventName: f.hook_event_name ?? null,
    // The fallback only when needed: even process.cwd() costs a hook memory (bench/README.md).
    cwd: f.cwd && isAbsolutePath(f.cwd) && !f.cwd.includes("\0") ? f.cwd : fallbackCwd(),
    transcriptPath: f.transcript_path && isAbsolutePath(f.transcript_path) && !f.transcript_path.includes("\0") ? f.transcript_path : null,
    source: f.source ?? null,
    prompt: f.prompt ?? null,
    reason: f.reason ?? null,
    stopHookActive: f.stop_hook_active === true,
    lastAssistantMessage: f.last_assistant_message ?? null,
    subagent: agent !== undefined && agent !== null && agent !== "",
    problem,
  };
}

/**
 * Read stdin to its end, keeping at most `limit` bytes (the rest is drained and dropped so Codex's
 * write never blocks). A terminal is not read at all: `cc hook` typed by hand gets an empty input.
 * Bun's own stdin, read as one slice: `process.stdin` (a Node stream) costs a hook 35 ms and 9 MiB,
 * and a web stream 4 MiB (bench/README.md); the stream only drains an oversized input.
 */
export async function readStdin(limit = MAX_INPUT_BYTES): Promise<{ text: string; truncated: boolean }> {
  // A character device is a terminal (or /dev/null, which has nothing to read either); closed: nothing.
  const readable = await Bun.stdin.stat().then(
    (st) => !st.isCharacterDevice(),
    () => false,
  );
  if (!readable) return { text: "", truncated: false };
  // As text straight away (a byte array and a TextDecoder cost 0.6 MiB more): a text of at most a
  // third of the limit in UTF-16 units is within it in UTF-8 bytes; only a longer one is encoded to count.
  const text = await Bun.stdin.slice(0, limit + 1).text();
  if (text.length * 3 <= limit || new TextEncoder().encode(text).byteLength <= limit) return { text, truncated: false };
  for await (const _ of Bun.stdin.stream()) {
    /* dropped */
  }
  return { text: "", truncated: true };
}

/** `session-start`, `SessionStart`, `sessionstart` → `SessionStart`; unknown → null. */
export function hookEventName(raw: string | undefined): HookEvent | null {
  if (!raw) return null;
  const flat = raw.replaceAll("-", "").replaceAll("_", "").toLowerCase();
  for (const event of HOOK_EVENTS) if (event.toLowerCase() === flat) return event; // not `find`: see jobs/statuses.ts sqlStatuses
  return null;
}
