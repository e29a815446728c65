/**
 * cc's answers to the questions claude asks its host in a conversation (`--input-format
 * stream-json`). With plain text input claude decides alone and denies what its settings do not
 * allow; with stream-json input it asks on stdout and waits for the answer on stdin. Measured with claude 2.1.332: a sandboxed `curl` to a host not on the allow list sends
 *
 *   {"type":"control_request","request_id":"fa6d6f12-…","request":{"subtype":"can_use_tool",
 *    "tool_name":"SandboxNetworkAccess","display_name":"SandboxNetworkAccess","input":{"host":"127.0.0.1"},
 *    "permission_suggestions":[{"type":"addRules","rules":[{"toolName":"WebFetch","ruleContent":"domain:127.0.0.1"}],
 *    "behavior":"allow","destination":"userSettings"}],"tool_use_id":"cabcba24-…",
 *    "description":"Allow network connection to 127.0.0.1?"}}
 *
 * and the connection hangs until it is answered (unanswered: until curl's own timeout). Nobody can approve anything in a cc run, so every
 * permission request gets the text mode's outcome, a denial (the sandbox's proxy then refuses at
 * once with 403); any other request gets claude's error response, so that it never waits either.
 * The response shapes are claude's own (its SDK host writes the same); measured: the denial gives
 * curl "Connection blocked by network allowlist" at once, and so does an error response.
 */

/** A `control_request` claude wrote on stdout (parsed in stream.ts). */
export interface ControlRequest {
  requestId: string;
  subtype: string;
  /** For `can_use_tool`: what claude wants to use, e.g. `SandboxNetworkAccess` or `Bash`. */
  toolName: string | null;
  /** claude's own question, e.g. "Allow network connection to 127.0.0.1?". */
  description: string | null;
}

export const PERMISSION_DENIED_MESSAGE = "Denied: this Claude run is not interactive, so nothing outside its permission settings can be approved.";

const oneLine = (text: string) => text.replace(/[\s\p{Cc}]+/gu, " ").slice(0, 200);

/** The line to write on claude's stdin for a request, and one line for the log saying what was answered. */
export function answerControlRequest(request: ControlRequest): { line: string; note: string } {
  if (request.subtype === "can_use_tool") {
    const response = { subtype: "success", request_id: request.requestId, response: { behavior: "deny", message: PERMISSION_DENIED_MESSAGE } };
    const what = oneLine(request.description ?? request.toolName ?? "a tool");
    return {
      line: `${JSON.stringify({ type: "control_response", response })}\n`,
      note: `denied claude's permission request (${request.toolName ?? "tool"}): ${what}`,
    };
  }
  const error = `cc does not answer "${request.subtype}" requests`;
  const response = { subtype: "error", request_id: request.requestId, error };
  return {
    line: `${JSON.stringify({ type: "control_response", response })}\n`,
    note: `answered claude's unknown control request "${oneLine(request.subtype)}" with an error`,
  };
}
