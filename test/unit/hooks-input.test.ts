/**
 * `cc hook` robustness, in-process against the dispatcher: 1,000 malformed or hostile inputs
 * (random bytes, truncated JSON, wrong types, huge fields, empty, missing fields) across the four
 * events — every one answers with output Codex accepts and never blocks a stop.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runHook } from "../../src/hooks/dispatch.ts";
import { hookEventName, parseHookInput } from "../../src/hooks/input.ts";
import { serializeHookOutput } from "../../src/hooks/output.ts";
import { assertAcceptable, EVENTS, hostile, rng } from "../support/hook-inputs.ts";

let dir: string;
const saved = process.env.CC_DATA_DIR;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-hook-fuzz-"));
  process.env.CC_DATA_DIR = join(dir, "data");
});
afterAll(() => {
  if (saved === undefined) delete process.env.CC_DATA_DIR;
  else process.env.CC_DATA_DIR = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe("cc hook on hostile input (in-process)", () => {
  test("1,000 malformed or hostile inputs: every one answers with output Codex accepts, none blocks", async () => {
    const next = rng(11);
    for (let i = 0; i < 1000; i++) {
      const event = EVENTS[i % 4]!;
      const raw = hostile(i, next, dir);
      const arg = i % 16 === 15 ? undefined : event; // some without an event argument
      let out: string;
      try {
        out = await runHook(arg, raw);
      } catch (error) {
        throw new Error(`input #${i} (${event}) threw: ${error}\n${raw.slice(0, 200)}`);
      }
      try {
        assertAcceptable(event, out);
        expect(out).not.toContain('"decision"');
      } catch (error) {
        throw new Error(`input #${i} (${event}) gave unacceptable output ${JSON.stringify(out)}: ${error}\n${raw.slice(0, 200)}`);
      }
    }
  }, 120_000);

  test("the log names input problems, never a handler crash", async () => {
    const log = await Bun.file(join(dir, "data", "hooks.log")).text();
    const lines = log.trim().split("\n");
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.filter((l) => / failed: /.test(l))).toEqual([]);
  });

  test("a 10 MB input answers with nothing", async () => {
    const big = JSON.stringify({ session_id: "s", prompt: "x".repeat(10 * 1024 * 1024) });
    expect(await runHook("UserPromptSubmit", big)).toBe("");
    expect(await runHook("Stop", "", { truncated: true })).toBe("");
  });

  test("parsing keeps what is usable and drops the rest", () => {
    const input = parseHookInput(JSON.stringify({ session_id: 42, cwd: "relative", stop_hook_active: "yes", prompt: "ok", agent_id: 7 }), () => "/fallback");
    expect(input).toMatchObject({ sessionId: null, cwd: "/fallback", stopHookActive: false, prompt: "ok", subagent: true, problem: null });
    expect(parseHookInput("nope").problem).toContain("not JSON");
    expect(hookEventName("session-end")).toBe("SessionEnd");
    expect(hookEventName("user_prompt_submit")).toBe("UserPromptSubmit");
    expect(hookEventName("Notification")).toBeNull();
  });

  test("each event's output has the wire form Codex expects", () => {
    expect(serializeHookOutput("Stop", { systemMessage: "s", block: { reason: "r" }, additionalContext: "ignored" })).toBe(
      '{"systemMessage":"s","decision":"block","reason":"r"}\n',
    );
    expect(serializeHookOutput("UserPromptSubmit", { additionalContext: "c" })).toBe(
      '{"hookSpecificOutput":{"hookEventName":"UserPromptSubmit","additionalContext":"c"}}\n',
    );
    expect(serializeHookOutput("SessionEnd", { systemMessage: "s" })).toBe("");
    expect(serializeHookOutput("Stop", null)).toBe("");
  });
});
