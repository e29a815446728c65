/** Outcome classification from what a run produced: the result event, the exit, stderr, cancellation. */
import { describe, expect, test } from "bun:test";
import { buildOutcome, type RunFacts } from "../../src/claude/outcome.ts";
import { StreamJsonParser } from "../../src/claude/stream.ts";

function facts(lines: unknown[], over: Partial<RunFacts> = {}): RunFacts {
  const parser = new StreamJsonParser(() => {});
  for (const l of lines) parser.line(JSON.stringify(l));
  return {
    state: parser.state,
    cwd: "/r",
    sessionId: "sid",
    sessionExists: true,
    wantsStructured: false,
    cancelled: false,
    exitCode: 1,
    signal: null,
    stderr: "",
    durationMs: 5,
    ...over,
  };
}
const result = (over: Record<string, unknown>) => ({ type: "result", subtype: "success", is_error: true, result: "", ...over });

describe("buildOutcome", () => {
  test("success needs a result with is_error false, whatever the exit code", () => {
    const ok = buildOutcome(facts([result({ is_error: false, result: "fine" })], { exitCode: 0 }));
    expect(ok).toMatchObject({ ok: true, errorClass: null, text: "fine", resumeCommand: "cd /r && claude --resume sid" });
    expect(buildOutcome(facts([], { exitCode: 0 }))).toMatchObject({ ok: false, errorClass: "crashed" });
  });

  test("cancelled wins over a missing or failed result, and names the resume command", () => {
    const o = buildOutcome(facts([result({ subtype: "error_during_execution", terminal_reason: "aborted_tools" })], { cancelled: true }));
    expect(o.errorClass).toBe("cancelled");
    expect(o.message).toBe("The Claude run was cancelled. Resume: cd /r && claude --resume sid");
  });

  test("a crash names the signal or exit code and the last stderr line; no resume without a session", () => {
    const o = buildOutcome(facts([], { signal: "SIGKILL", exitCode: null, stderr: "first\nout of memory\n", sessionExists: false }));
    expect(o.errorClass).toBe("crashed");
    expect(o.message).toBe("claude was killed by SIGKILL without a result (out of memory); see the job log");
    expect(o.resumeCommand).toBeNull();
  });

  test("API failures by status, by claude's synthetic error kind, and by text", () => {
    expect(buildOutcome(facts([result({ api_error_status: 403 })])).errorClass).toBe("auth_failed");
    expect(buildOutcome(facts([{ type: "assistant", message: { model: "<synthetic>", content: [] }, error: "rate_limit" }, result({})])).errorClass).toBe(
      "rate_limited",
    );
    expect(buildOutcome(facts([result({ result: "API Error: 529 Overloaded", api_error_status: null })])).errorClass).toBe("overloaded");
    expect(buildOutcome(facts([result({ result: "API Error: 500 boom. This is a server-side issue, usually temporary" })])).message).toStartWith(
      "Claude failed: API Error: 500 boom. Resume:",
    );
  });

  test("a success without the requested structured output is structured_output_failed", () => {
    expect(buildOutcome(facts([result({ is_error: false, result: "prose" })], { wantsStructured: true })).errorClass).toBe("structured_output_failed");
    expect(buildOutcome(facts([result({ is_error: false, structured_output: null })], { wantsStructured: true })).ok).toBe(true);
  });

  test("an unknown session found only on stderr is resume_not_found", () => {
    const o = buildOutcome(facts([], { stderr: "No conversation found with session ID: sid\n", sessionExists: false }));
    expect(o).toMatchObject({ errorClass: "resume_not_found", resumeCommand: null });
  });
});
