/**
 * A stand-in for `claude -p` that answers at once (or after FAKE_CLAUDE_DELAY seconds) with valid
 * stream-json: init, one assistant message echoing the prompt, a result. For job-engine tests that
 * start many runs (50 concurrent jobs) where the real claude's start-up cost would dominate; the
 * behaviour of the real claude is covered by the tests that use it against the Messages mock.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SCRIPT = `#!/bin/sh
sid=""
while [ $# -gt 0 ]; do case "$1" in --session-id|--resume) sid="$2"; shift;; esac; shift; done
prompt=$(cat | tr -d '"\\\\')
printf '{"type":"system","subtype":"init","session_id":"%s","model":"fake-model","tools":[],"cwd":"%s"}\\n' "$sid" "$PWD"
if [ -n "$FAKE_CLAUDE_DELAY" ]; then sleep "$FAKE_CLAUDE_DELAY"; fi
printf '{"type":"assistant","message":{"id":"m1","model":"fake-model","content":[{"type":"text","text":"answer to %s"}]},"session_id":"%s"}\\n' "$prompt" "$sid"
printf '{"type":"result","subtype":"success","is_error":false,"result":"answer to %s","total_cost_usd":0.0012,"num_turns":1,"duration_ms":3,"session_id":"%s","usage":{"input_tokens":10,"output_tokens":5}}\\n' "$prompt" "$sid"
`;

/** Write the fake claude into `dir` and return its path (use it as CC_CLAUDE_BIN). */
export function writeFakeClaude(dir: string): string {
  const path = join(dir, "fake-claude");
  writeFileSync(path, SCRIPT);
  chmodSync(path, 0o755);
  return path;
}
