/**
 * What a hook reads: the event JSON Codex writes to stdin. Bounded (a hook never holds more than
 * MAX_INPUT_BYTES, however much arrives), parsed leniently — every field is optional and a field of
 * the wrong type counts as absent — because a hook must do its small job or nothing, never fail.
 */
import { isAbsolute } from "node:path";
// zod's small build: this runs on every prompt, and the full build costs a few ms more to start.
import * as z from "zod/mini";

const HOOK_EVENTS = ["SessionStart", "UserPromptSubmit", "Stop", "SessionEnd"] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** Codex's inputs are a few KiB (the last assistant message is the biggest part). */
const MAX_INPUT_BYTES = 4 * 1024 * 1024;
const MAX_TEXT = 1024 * 1024;

const text = (max = MAX_TEXT) => z.catch(z.optional(z.string().check(z.maxLength(max))), undefined);
/** Ids end up in SQL parameters and log lines: keep them to what Codex actually sends. */
const id = z.catch(z.optional(z.string().check(z.regex(/^[A-Za-z0-9._:-]{1,128}$/))), undefined);

const fieldsSchema = z.object({
  session_id: id,
  turn_id: id,
  hook_event_name: text(64),
  cwd: text(4096),
  transcript_path: text(4096),
  source: text(64),
  prompt: text(),
  reason: text(256),
  stop_hook_active: z.catch(z.optional(z.boolean()), undefined),
  last_assistant_message: text(),
});

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

export function parseHookInput(raw: string, fallbackCwd: string = process.cwd()): HookInput {
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
  const f = fieldsSchema.parse(record);
  const agent = record.agent_id;
  return {
    sessionId: f.session_id ?? null,
    turnId: f.turn_id ?? null,
    eventName: f.hook_event_name ?? null,
    cwd: f.cwd && isAbsolute(f.cwd) && !f.cwd.includes("\0") ? f.cwd : fallbackCwd,
    transcriptPath: f.transcript_path && isAbsolute(f.transcript_path) && !f.transcript_path.includes("\0") ? f.transcript_path : null,
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
 */
export async function readStdin(limit = MAX_INPUT_BYTES): Promise<{ text: string; truncated: boolean }> {
  if (process.stdin.isTTY) return { text: "", truncated: false };
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let truncated = false;
  for await (const chunk of Bun.stdin.stream()) {
    if (kept + chunk.byteLength > limit) {
      truncated = true;
      continue;
    }
    chunks.push(chunk);
    kept += chunk.byteLength;
  }
  return { text: truncated ? "" : Buffer.concat(chunks).toString("utf8"), truncated };
}

/** `session-start`, `SessionStart`, `sessionstart` → `SessionStart`; unknown → null. */
export function hookEventName(raw: string | undefined): HookEvent | null {
  if (!raw) return null;
  const flat = raw.replace(/[-_]/g, "").toLowerCase();
  return HOOK_EVENTS.find((e) => e.toLowerCase() === flat) ?? null;
}
