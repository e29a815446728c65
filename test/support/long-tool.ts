/**
 * A Bash tool call that keeps running until it is cancelled, for the cancel tests. Claude Code
 * 2.1.33x refuses a standalone `sleep 60` and `sleep 60 && echo done` ("Blocked: sleep 60 followed
 * by: …") without running them, so the tool runs a small script that sleeps, which every supported
 * claude runs. The tests wait for the `sleep` process itself, and `whyNoTool` turns a refusal into
 * the failure's message.
 */
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findMarkedProcesses } from "../../src/claude/cancel.ts";
import { type AnthropicMock, type Reply, reply } from "./anthropic-mock.ts";

let script = "";

/** The tool call; the script goes into `dir` (the test's sandbox). */
export function longBash(dir: string): Reply {
  script = join(dir, "wait-a-minute.sh");
  writeFileSync(script, "#!/bin/sh\nsleep 60\necho done\n");
  chmodSync(script, 0o755);
  return reply.tool("Bash", { command: script, description: "wait for a minute" });
}

/** What claude sent back instead of running the tool, for the assertion message. */
export function whyNoTool(mock: AnthropicMock): string {
  const last = mock.requests.flatMap((r) => r.results()).at(-1);
  return last
    ? `claude did not run \`${script}\`; its tool result was: ${last.content.slice(0, 300)}`
    : `claude has not run \`${script}\` (no tool result either)`;
}

/** The `sleep` processes of a run (found by cc's run marker in their environment). */
export function sleepersOf(marker: string): { pid: number }[] {
  return findMarkedProcesses(marker).filter((p) => {
    try {
      return readFileSync(`/proc/${p.pid}/cmdline`, "utf8").startsWith("sleep");
    } catch {
      return false; // exited meanwhile
    }
  });
}
