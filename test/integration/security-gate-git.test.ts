/**
 * Issue 22, item 1: the Stop-hook review gate runs no program the repository names. A `.git/config`
 * with textconv, clean/smudge, diff command, external diff, fsmonitor and a hook, attributes in
 * `.git/info/attributes`, the gate on; one turn edits `f.txt`, and `cc hook stop` (the compiled
 * binary) takes the turn's diff and has the real claude (against the Messages mock) review it,
 * running `git diff` and `git log -p` itself. No marker may appear, and the diff still reaches Claude.
 */
import { afterAll, expect, test } from "bun:test";
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { reply, startAnthropicMock, toolSteps } from "../support/anthropic-mock.ts";
import { ccBinary, claudeBin } from "../support/bins.ts";
import { git, writeFiles } from "../support/git.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

const sb = new Sandbox({ repo: { "f.txt": "first line\n" } });
const markers = join(sb.root, "markers");
const bash = (command: string) => reply.tool("Bash", { command, description: "inspect" });
const claudeCommands = ["git diff HEAD", "git log -p -1", "git status --short"];
const mock = startAnthropicMock(
  toolSteps(claudeCommands.map(bash), reply.structured({ decision: "allow", summary: "The turn appends one line.", reasons: [] })),
);
afterAll(async () => {
  await reapAll();
  await mock.close();
  sb.cleanup();
});

function plantPrograms(): void {
  mkdirSync(markers);
  const touch = (name: string) => `sh -c 'touch ${markers}/${name}; cat' --`;
  git(sb.repo, "config", "core.fsmonitor", `sh -c 'touch ${markers}/fsmonitor'`);
  git(sb.repo, "config", "filter.evil.clean", touch("filter-clean"));
  git(sb.repo, "config", "filter.evil.smudge", touch("filter-smudge"));
  git(sb.repo, "config", "diff.evil.textconv", `sh -c 'touch ${markers}/textconv; cat "$1"' --`);
  git(sb.repo, "config", "diff.evil.command", `sh -c 'touch ${markers}/diff-command'`);
  git(sb.repo, "config", "diff.external", `sh -c 'touch ${markers}/diff-external'`);
  writeFileSync(join(sb.repo, ".git", "info", "attributes"), "*.txt filter=evil diff=evil\n");
  const hook = join(sb.repo, ".git", "hooks", "post-index-change");
  writeFileSync(hook, `#!/bin/sh\ntouch ${markers}/hook\n`);
  chmodSync(hook, 0o755);
}

const hook = (event: string, extra: Record<string, unknown>) =>
  run([ccBinary(), "hook", event], {
    cwd: sb.repo,
    env: { ...sb.claudeEnv(mock.url), CC_CLAUDE_BIN: claudeBin },
    stdin: JSON.stringify({
      session_id: "root-session",
      turn_id: "turn-1",
      hook_event_name: event,
      cwd: sb.repo,
      transcript_path: null,
      prompt: "append a line",
      stop_hook_active: false,
      last_assistant_message: "Appended.",
      ...extra,
    }),
    timeoutMs: 90_000,
  });

test("a turn's edit reviewed at Stop: the gate's git and Claude's git run none of the repository's programs", async () => {
  plantPrograms();
  mkdirSync(sb.dataDir, { recursive: true });
  writeFileSync(join(sb.dataDir, "config.json"), JSON.stringify({ reviewGate: true }));
  const prompt = await hook("UserPromptSubmit", {});
  expect(prompt.code, describeRun(prompt)).toBe(0);
  writeFiles(sb.repo, { "f.txt": "first line\nSECOND LINE FROM THE TURN\n" });

  const stop = await hook("Stop", {});
  expect(stop.code, describeRun(stop)).toBe(0);
  expect(stop.stdout).toContain("allow");
  expect(mock.scriptErrors).toEqual([]);
  // The turn's diff reached Claude through cc's hardened git (the file's own bytes, no textconv) …
  expect(mock.requests[0]!.userText()).toContain("+SECOND LINE FROM THE TURN");
  // … and Claude's own git commands worked too, under the same overrides.
  const results = mock.requests.at(-1)!.results();
  expect(results.map((r) => r.isError)).toEqual(claudeCommands.map(() => false));
  expect(results[0]!.content).toContain("+SECOND LINE FROM THE TURN");
  expect(readdirSync(markers).sort()).toEqual([]);
}, 120_000);
