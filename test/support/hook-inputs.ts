/** Malformed and hostile hook inputs, and what Codex accepts back: shared by the in-process and binary hook tests. */
import { expect } from "bun:test";

export const EVENTS = ["SessionStart", "UserPromptSubmit", "Stop", "SessionEnd"] as const;

/** What Codex 0.169 accepts from each event's hook: nothing, or a JSON object of its schema. */
export function assertAcceptable(event: string, out: string): void {
  if (out === "") return;
  expect(out.endsWith("\n")).toBe(true);
  const json = JSON.parse(out);
  expect(typeof json).toBe("object");
  const allowed = event === "Stop" ? ["systemMessage", "decision", "reason"] : event === "SessionEnd" ? [] : ["systemMessage", "hookSpecificOutput"];
  for (const key of Object.keys(json)) expect(allowed).toContain(key);
  if (json.hookSpecificOutput) expect(json.hookSpecificOutput.hookEventName).toBe(event);
  if (json.decision !== undefined) expect(json).toMatchObject({ decision: "block", reason: expect.any(String) });
}

/** A seeded generator, so a failure names an input that can be replayed. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const valid = (event: string, dir: string) =>
  JSON.stringify({
    session_id: "fuzz-session",
    turn_id: "turn-1",
    hook_event_name: event,
    cwd: dir,
    transcript_path: null,
    model: "m",
    permission_mode: "default",
    prompt: "hi",
    stop_hook_active: false,
    last_assistant_message: "done",
    source: "startup",
    reason: "other",
  });

const WRONG = [
  null,
  0,
  -1,
  1e308,
  true,
  [],
  {},
  [1, 2],
  { nested: { deep: [null] } },
  "",
  "x".repeat(2_000_000),
  "\u0000",
  "../../etc/passwd",
  "'; DROP TABLE jobs; --",
];
const FIELDS = [
  "session_id",
  "turn_id",
  "hook_event_name",
  "cwd",
  "transcript_path",
  "prompt",
  "stop_hook_active",
  "last_assistant_message",
  "source",
  "reason",
  "agent_id",
];

export function hostile(i: number, next: () => number, dir: string): string {
  const event = EVENTS[i % 4]!;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  switch (i % 8) {
    case 0: // random bytes, decoded as whatever they are
      return Buffer.from(Array.from({ length: Math.floor(next() * 512) }, () => Math.floor(next() * 256))).toString("latin1");
    case 1: // truncated valid JSON
      return valid(event, dir).slice(0, Math.floor(next() * valid(event, dir).length));
    case 2: {
      // one field of the wrong type
      const obj = JSON.parse(valid(event, dir));
      obj[pick(FIELDS)] = pick(WRONG);
      return JSON.stringify(obj);
    }
    case 3: {
      // every field of a wrong type
      return JSON.stringify(Object.fromEntries(FIELDS.map((f) => [f, pick(WRONG)])));
    }
    case 4: // JSON that is not an object
      return pick(["[]", "null", "42", '"text"', "true", "[{}]", "{", "}", "", "   ", "\n"]);
    case 5: {
      // missing fields
      const obj = JSON.parse(valid(event, dir));
      for (const f of FIELDS) if (next() < 0.5) delete obj[f];
      return JSON.stringify(obj);
    }
    case 6: // a subagent's event, or a hostile session id
      return JSON.stringify({ ...JSON.parse(valid(event, dir)), ...(next() < 0.5 ? { agent_id: "child" } : { session_id: pick(WRONG) }) });
    default: // odd but well-formed: unknown fields, paths that are no files, a FIFO-ish transcript
      return JSON.stringify({
        ...JSON.parse(valid(event, dir)),
        extra: pick(WRONG),
        cwd: pick(["/nonexistent/dir", "relative/dir", dir]),
        transcript_path: pick(["/dev/zero", "/nonexistent", "/proc/self/status", null]),
      });
  }
}
