/**
 * claude's questions in a conversation (`control_request` on stdout) are answered on its stdin: a
 * permission request with a denial (what text input mode does on its own), anything else with an
 * error. Unanswered, claude waits forever: a blocked network call hung a rescue until the watchdog.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { answerControlRequest, type ControlRequest, PERMISSION_DENIED_MESSAGE } from "../../src/claude/control.ts";
import { startClaude } from "../../src/claude/run.ts";
import { StreamJsonParser } from "../../src/claude/stream.ts";

/** What claude 2.1.332 wrote for a sandboxed `curl` to a host not on the allow list. */
const networkRequest = {
  type: "control_request",
  request_id: "fa6d6f12-1925-476f-bb24-269d2ad835cd",
  request: {
    subtype: "can_use_tool",
    tool_name: "SandboxNetworkAccess",
    display_name: "SandboxNetworkAccess",
    input: { host: "127.0.0.1" },
    permission_suggestions: [
      { type: "addRules", rules: [{ toolName: "WebFetch", ruleContent: "domain:127.0.0.1" }], behavior: "allow", destination: "userSettings" },
    ],
    tool_use_id: "cabcba24-9150-4ac6-b8f5-3bbedd602d9b",
    description: "Allow network connection to 127.0.0.1?",
  },
};

function parseRequests(...objs: unknown[]): { requests: ControlRequest[]; parser: StreamJsonParser } {
  const requests: ControlRequest[] = [];
  const parser = new StreamJsonParser(
    () => {},
    null,
    (r) => requests.push(r),
  );
  parser.push(`${objs.map((o) => JSON.stringify(o)).join("\n")}\n`);
  parser.end();
  return { requests, parser };
}

describe("parsing claude's control requests", () => {
  test("a permission request is handed to the runner with its id, tool and question", () => {
    const { requests, parser } = parseRequests(networkRequest);
    expect(requests).toEqual([
      {
        requestId: "fa6d6f12-1925-476f-bb24-269d2ad835cd",
        subtype: "can_use_tool",
        toolName: "SandboxNetworkAccess",
        description: "Allow network connection to 127.0.0.1?",
      },
    ]);
    expect(parser.state.unknownEvents).toBe(0);
    expect(parser.state.skippedLines).toBe(0);
  });

  test("any other subtype is handed on too; one without an id cannot be answered and is skipped", () => {
    const { requests, parser } = parseRequests(
      { type: "control_request", request_id: "r2", request: { subtype: "elicitation", message: "?" } },
      { type: "control_request", request: { subtype: "can_use_tool" } },
      { type: "control_request", request_id: "r3", request: { subtype: "can_use_tool", tool_name: 42 } },
    );
    expect(requests).toEqual([
      { requestId: "r2", subtype: "elicitation", toolName: null, description: null },
      { requestId: "r3", subtype: "can_use_tool", toolName: null, description: null },
    ]);
    expect(parser.state.skippedLines).toBe(1);
  });
});

describe("cc's answers", () => {
  const answerOf = (r: ControlRequest) => JSON.parse(answerControlRequest(r).line);

  test("a permission request is denied, echoing its id, in claude's response shape", () => {
    const { line, note } = answerControlRequest({
      requestId: "id-1",
      subtype: "can_use_tool",
      toolName: "SandboxNetworkAccess",
      description: "Allow network connection to 127.0.0.1?",
    });
    expect(line.endsWith("\n")).toBe(true);
    expect(JSON.parse(line)).toEqual({
      type: "control_response",
      response: { subtype: "success", request_id: "id-1", response: { behavior: "deny", message: PERMISSION_DENIED_MESSAGE } },
    });
    expect(note).toBe("denied claude's permission request (SandboxNetworkAccess): Allow network connection to 127.0.0.1?");
  });

  test("an unknown request gets claude's error response, and the log line stays one line", () => {
    const answer = answerControlRequest({ requestId: "id-2", subtype: "elic\nitation", toolName: null, description: null });
    expect(JSON.parse(answer.line)).toEqual({
      type: "control_response",
      response: { subtype: "error", request_id: "id-2", error: 'cc does not answer "elic\nitation" requests' },
    });
    expect(answer.note).toBe('answered claude\'s unknown control request "elic itation" with an error');
    expect(answerOf({ requestId: "id-3", subtype: "can_use_tool", toolName: null, description: null }).response.response.behavior).toBe("deny");
  });
});

describe("the runner answers on claude's stdin", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cc-control-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A claude stand-in that asks twice and records the answers; without one it gives up after 5 s. */
  function askingClaude(answers: string): string {
    const path = join(dir, "claude");
    const ask = (obj: unknown) =>
      `echo '${JSON.stringify(obj)}'\nread -r -t 5 answer || { echo '{"type":"result","subtype":"error_during_execution","is_error":true,"result":"no answer"}'; exit 0; }\nprintf '%s\\n' "$answer" >> ${answers}`;
    writeFileSync(
      path,
      [
        "#!/bin/bash",
        "read -r prompt",
        `printf '{"type":"system","subtype":"init","session_id":"s","model":"m","tools":[],"cwd":"%s"}\\n' "$PWD"`,
        ask(networkRequest),
        ask({ type: "control_request", request_id: "r-unknown", request: { subtype: "elicitation" } }),
        `echo '{"type":"result","subtype":"success","is_error":false,"result":"answered"}'`,
      ].join("\n"),
    );
    chmodSync(path, 0o755);
    return path;
  }

  test("a conversation's claude gets a denial and an error, and the log says so", async () => {
    const answers = join(dir, "answers");
    const logPath = join(dir, "run.log");
    const run = await startClaude({
      prompt: "go",
      cwd: dir,
      profile: "write",
      claudePath: askingClaude(answers),
      env: { CC_DATA_DIR: dir },
      conversation: true,
      logPath,
    });
    const outcome = await run.outcome;
    expect(outcome.text).toBe("answered");
    const [denial, error] = readFileSync(answers, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(denial.response).toMatchObject({ subtype: "success", request_id: networkRequest.request_id, response: { behavior: "deny" } });
    expect(error.response).toMatchObject({ subtype: "error", request_id: "r-unknown" });
    const notes = readFileSync(logPath, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("[cc] "));
    expect(notes).toEqual([
      "[cc] denied claude's permission request (SandboxNetworkAccess): Allow network connection to 127.0.0.1?",
      '[cc] answered claude\'s unknown control request "elicitation" with an error',
    ]);
  }, 20_000);
});
