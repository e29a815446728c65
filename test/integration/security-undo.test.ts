/**
 * Issue 22, items 2, 3 and 8: no `Undo:` unless the snapshot covers what the run may change, undo
 * never reports success when it restored nothing, and undo never overwrites a later edit, even of
 * a file git no longer shows; its refusals name the files. The compiled cc, real git, the real
 * claude against the Messages mock (a scripted model making the rescue's edits).
 */
import { afterAll, afterEach, beforeEach, expect, test } from "bun:test";
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { reply, startAnthropicMock, toolSteps } from "../support/anthropic-mock.ts";
import { ccBinary, claudeBin } from "../support/bins.ts";
import { git } from "../support/git.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

const mock = startAnthropicMock();
let sb: Sandbox;
beforeEach(() => {
  sb = new Sandbox({ repo: { "src/app.ts": "export const answer = 41;\n" } });
});
afterEach(async () => {
  await reapAll();
  sb.cleanup();
});
afterAll(async () => {
  await reapAll();
  await mock.close();
});

/** A rescue whose model runs `command` once, then says it is done. */
function rescue(command: string) {
  mock.setScript(toolSteps([reply.tool("Bash", { command, description: "edit" })], reply.text("done")));
  return cc(["rescue", "--json", "--no-sandbox", "fix it"]);
}
const cc = (args: string[]) =>
  run([ccBinary(), ...args], { cwd: sb.repo, env: sb.claudeEnv(mock.url, { CC_CLAUDE_BIN: claudeBin, CODEX_THREAD_ID: "thread-undo" }), timeoutMs: 90_000 });
const app = () => readFileSync(join(sb.repo, "src/app.ts"), "utf8");

test("an empty nested repository (git init tools/x): the write rescue does not start, and says why and what to do", async () => {
  git(join(sb.repo), "init", "-q", "tools/x");
  const requests = mock.requests.length;
  const r = await rescue("echo 'export const answer = 42;' > src/app.ts");
  expect(r.code, describeRun(r)).not.toBe(0);
  expect(r.stderr).toContain("cannot take the snapshot that makes this rescue undoable: tools/x is a git repository with no commit");
  expect(r.stderr).toContain("Commit something in tools/x");
  expect(r.stdout).not.toContain("Undo");
  expect(mock.requests.length).toBe(requests); // Claude never ran
  expect(app()).toBe("export const answer = 41;\n");
});

test("a nested repository with commits (a submodule): cc says before the run that undo will not restore files inside it", async () => {
  const nested = join(sb.repo, "vendor", "lib");
  git(sb.repo, "init", "-q", "vendor/lib");
  writeFileSync(join(nested, "x.txt"), "x\n");
  git(nested, "add", "x.txt");
  git(nested, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "init");
  const r = await rescue("echo 'export const answer = 42;' > src/app.ts");
  expect(r.code, describeRun(r)).toBe(0);
  expect(r.stderr).toContain("--undo will not restore files changed inside the nested repositories vendor/lib");
});

test("a rescue that leaves a working tree git cannot record: no Undo command, and undo does not claim success", async () => {
  const r = await rescue("git init -q tools/y && echo 'export const answer = 42;' > src/app.ts");
  expect(r.code, describeRun(r)).toBe(0);
  const out = JSON.parse(r.stdout);
  expect(out.undoCommand).toBeNull();
  const shown = await cc(["result", out.job]);
  expect(shown.stdout).toContain("Undo: not available");
  expect(shown.stdout).not.toContain("cc rescue --undo");

  const undo = await cc(["rescue", "--undo", out.job]);
  expect(undo.code, describeRun(undo)).toBe(1);
  expect(undo.stdout).not.toContain("Undid");
  expect(undo.stdout).not.toContain("nothing to undo");
  expect(undo.stderr).toContain("tools/y is a git repository with no commit");
  expect(app()).toBe("export const answer = 42;\n"); // nothing was touched
});

test("a later edit of a file the rescue made ignored is not overwritten; the refusal names it, and untouched, undo works", async () => {
  writeFileSync(join(sb.repo, "debug.log"), "the user's log\n");
  const first = await rescue("printf '*.log\\n' > .gitignore && echo 'export const answer = 42;' > src/app.ts");
  expect(first.code, describeRun(first)).toBe(0);
  appendFileSync(join(sb.repo, "debug.log"), "appended after the rescue\n");

  const refused = await cc(["rescue", "--undo", JSON.parse(first.stdout).job]);
  expect(refused.code, describeRun(refused)).toBe(1);
  expect(refused.stderr).toContain("files undo would write back changed after the rescue ended");
  expect(refused.stderr).toContain("debug.log");
  expect(readFileSync(join(sb.repo, "debug.log"), "utf8")).toBe("the user's log\nappended after the rescue\n");
  expect(app()).toBe("export const answer = 42;\n");
  // Moved aside, as the hint says: undo writes back the log from before the rescue.
  renameSync(join(sb.repo, "debug.log"), join(sb.root, "debug.log.mine"));
  const moved = await cc(["rescue", "--undo", JSON.parse(first.stdout).job]);
  expect(moved.code, describeRun(moved)).toBe(0);
  expect(readFileSync(join(sb.repo, "debug.log"), "utf8")).toBe("the user's log\n");
  expect(app()).toBe("export const answer = 41;\n");

  // The same rescue with the log left alone undoes cleanly.
  const second = await rescue("printf '*.log\\n' > .gitignore && echo 'export const answer = 42;' > src/app.ts");
  const undo = await cc(["rescue", "--undo", JSON.parse(second.stdout).job]);
  expect(undo.code, describeRun(undo)).toBe(0);
  expect(undo.stdout).toContain("Undid rescue");
  expect(existsSync(join(sb.repo, ".gitignore"))).toBe(false);
  expect(readFileSync(join(sb.repo, "debug.log"), "utf8")).toBe("the user's log\n");
  expect(app()).toBe("export const answer = 41;\n");
});

test("undo's refusal after the user worked names the files", async () => {
  const r = await rescue("echo 'export const answer = 42;' > src/app.ts");
  expect(r.code, describeRun(r)).toBe(0);
  writeFileSync(join(sb.repo, "notes.txt"), "mine\n");
  writeFileSync(join(sb.repo, "src/app.ts"), "export const answer = 43;\n");
  const refused = await cc(["rescue", "--undo", JSON.parse(r.stdout).job]);
  expect(refused.code, describeRun(refused)).toBe(1);
  expect(refused.stderr).toContain("working tree: files differ");
  expect(refused.stderr).toContain("notes.txt (added)");
  expect(refused.stderr).toContain("src/app.ts (modified)");
});
