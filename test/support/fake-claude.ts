/**
 * A stand-in for `claude -p` that answers at once (or after CLAUDE_FAKE_DELAY seconds; CLAUDE_*
 * variables reach claude under cc's environment policy, FAKE_CLAUDE_DELAY only through a replaced env) with valid
 * stream-json: init, one assistant message echoing the prompt, a result (with stream-json input, a
 * steerable job's, it answers the first message and exits, as an unsteered conversation ends). For job-engine tests that
 * start many runs (50 concurrent jobs) where the real claude's start-up cost would dominate; the
 * behaviour of the real claude is covered by the tests that use it against the Messages mock.
 * With CLAUDE_FAKE_ENV_DUMP=<file> it writes its environment there, and its parent's (the cc that
 * started it) to <file>.parent.
 */
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SCRIPT = `#!/bin/sh
sid=""
conversation=""
while [ $# -gt 0 ]; do case "$1" in --session-id|--resume) sid="$2"; shift;; --input-format) conversation="$2"; shift;; esac; shift; done
if [ "$conversation" = "stream-json" ]; then prompt=$(head -n 1 | tr -d '"\\\\'); else prompt=$(cat | tr -d '"\\\\'); fi
if [ -n "$CLAUDE_FAKE_ENV_DUMP" ]; then env > "$CLAUDE_FAKE_ENV_DUMP"; tr '\\0' '\\n' < /proc/$PPID/environ > "$CLAUDE_FAKE_ENV_DUMP.parent" 2>/dev/null; fi
printf '{"type":"system","subtype":"init","session_id":"%s","model":"fake-model","tools":[],"cwd":"%s"}\\n' "$sid" "$PWD"
delay="\${CLAUDE_FAKE_DELAY:-$FAKE_CLAUDE_DELAY}"
if [ -n "$delay" ]; then sleep "$delay"; fi
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
