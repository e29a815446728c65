/** Reading Codex rollouts leniently, and the sentences `cc transfer` prints. */
import { describe, expect, test } from "bun:test";
import type { ToClaudeOutcome } from "../../src/contracts/transfer.ts";
import { renderTransfer } from "../../src/render/transfer.ts";
import { parseRollout } from "../../src/transfer/rollout-parse.ts";

const line = (type: string, payload: unknown) => JSON.stringify({ timestamp: "2026-01-02T03:04:05.000Z", type, payload });
const meta = line("session_meta", { id: "01a23568-5020-77a2-acd1-a7e36c4cf256", cwd: "/w" });
const started = (id: string) => line("event_msg", { type: "task_started", turn_id: id });
const done = (id: string) => line("event_msg", { type: "task_complete", turn_id: id });
const user = (text: string) => line("response_item", { type: "message", role: "user", content: [{ type: "input_text", text }] });
const say = (text: string) => line("response_item", { type: "message", role: "assistant", content: [{ type: "output_text", text }] });

describe("parseRollout", () => {
  test("finished and running turns; a last line still being written is ignored", () => {
    const text = [meta, started("t1"), user("hi"), say("hello"), done("t1"), started("t2"), user("$cc:transfer"), '{"timestamp":"x","type":"resp'].join("\n");
    const thread = parseRollout("/r.jsonl", text);
    expect(thread.turns.map((t) => [t.id, t.complete])).toEqual([
      ["t1", true],
      ["t2", false],
    ]);
    expect(thread.turns[0]!.events.map((e) => e.event)).toEqual([
      { kind: "user", text: "hi" },
      { kind: "assistant", text: "hello" },
    ]);
  });

  test("the old shell tool, an output matched to its call, reasoning and unknown items counted", () => {
    const text = [
      meta,
      started("t1"),
      user("go"),
      line("response_item", { type: "reasoning", summary: [], encrypted_content: "xx" }),
      line("response_item", { type: "function_call", call_id: "c1", name: "shell", arguments: JSON.stringify({ command: ["bash", "-lc", "ls -la"] }) }),
      line("response_item", { type: "function_call_output", call_id: "c1", output: "Chunk ID: 1\nProcess exited with code 2\nOutput:\nnope\n" }),
      line("response_item", { type: "hologram_call", id: "h" }),
      line("brand_new_line", {}),
      done("t1"),
      "",
    ].join("\n");
    const thread = parseRollout("/r.jsonl", text);
    expect(thread.turns[0]!.events[1]!.event).toEqual({
      kind: "shell",
      callId: "c1",
      command: "ls -la",
      workdir: null,
      output: { text: "nope\n", exitCode: 2 },
    });
    expect(thread.leftOut).toEqual({
      "reasoning (Codex's private, encrypted reasoning)": 1,
      'unknown item type "hologram_call"': 1,
      'unknown line type "brand_new_line"': 1,
    });
  });

  test("injected skill text and environment context become a note or nothing; the user's words stay", () => {
    const skill = "<skill>\n<name>cc:review</name>\n<path>/p/SKILL.md</path>\nlong instructions</skill>";
    const text = [
      meta,
      started("t1"),
      user("<environment_context>\n<cwd>/w</cwd></environment_context>"),
      user("$cc:review please"),
      user(skill),
      done("t1"),
      "",
    ].join("\n");
    const events = parseRollout("/r.jsonl", text).turns[0]!.events.map((e) => e.event);
    expect(events).toEqual([
      { kind: "user", text: "$cc:review please" },
      { kind: "note", text: "[Codex loaded the skill cc:review (/p/SKILL.md); its instructions are left out.]" },
    ]);
  });

  test("a first line that is not session_meta is refused", () => {
    expect(() => parseRollout("/r.jsonl", `${user("hi")}\n`)).toThrow("does not start with Codex's session_meta line");
  });
});

describe("renderTransfer", () => {
  const base: ToClaudeOutcome = {
    direction: "to-claude",
    result: "created",
    restarted: null,
    continuedInClaude: false,
    threadId: "T",
    cwd: "/w",
    claudeSession: "S",
    transcript: "/c/S.jsonl",
    turnsAdded: 2,
    turnsTotal: 2,
    shortened: 0,
    runningTurnLeftOut: false,
    leftOut: {},
    resumeCommand: "cd /w && claude --resume S",
  };

  test("each result says plainly what happened, then the resume command", () => {
    expect(renderTransfer(base)).toBe(
      "Transferred Codex thread T to a new Claude Code session S: added 2 turns.\n\nContinue it in Claude Code:\n  cd /w && claude --resume S\n",
    );
    expect(renderTransfer({ ...base, result: "appended", turnsAdded: 1, turnsTotal: 3 })).toStartWith(
      "Added 1 turn from Codex thread T to Claude Code session S (3 turns in it now).",
    );
    expect(renderTransfer({ ...base, result: "unchanged", turnsAdded: 0 })).toStartWith("Nothing new since the last transfer:");
    const restarted = renderTransfer({ ...base, restarted: { reason: "changed-in-claude", previousSession: "OLD" } });
    expect(restarted).toStartWith("Claude Code session OLD was continued in Claude since the last transfer");
  });

  test("notes: the running turn, shortened outputs, and what was not carried over", () => {
    const text = renderTransfer({ ...base, runningTurnLeftOut: true, shortened: 2, leftOut: { 'unknown item type "x"': 3 } });
    expect(text).toContain("The turn still running in Codex");
    expect(text).toContain("2 long tool outputs were shortened");
    expect(text).toContain('Not carried over: 3 × unknown item type "x".');
  });
});
