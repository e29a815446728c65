/**
 * Issue 26, end to end through the real codex and the real claude (mock models) and the compiled
 * cc: two background rescues started with `$cc:rescue --background` run at the same time in one
 * repository, each editing a different file, while the test edits a third file in the main tree.
 * Until `$cc:apply` the main tree holds only the test's edit; after applying both, all three changes
 * are there, byte-exact, uncommitted. Then two rescues change the same line: the second's
 * `cc apply --check` and `cc apply` name the file, exit 7 and leave the tree byte-identical;
 * `--conflict-markers` writes markers; `cc rescue --undo` of that apply restores byte for byte.
 */
import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxAvailability } from "../../src/claude/sandbox.ts";
import { type AnthropicMock, reply, startAnthropicMock } from "../support/anthropic-mock.ts";
import { ccBinary, claudeBin, codexBin } from "../support/bins.ts";
import { codexExec } from "../support/codex.ts";
import { git } from "../support/git.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { repoFingerprint } from "../support/repo-state.ts";
import { codex, type ResponsesMock, startResponsesMock } from "../support/responses-mock.ts";
import { Sandbox } from "../support/sandbox.ts";
import { followSkill } from "./codex-skills.ts";

setDefaultTimeout(300_000);
const available = sandboxAvailability();
if (!available.ok) console.warn(`skipping the worktree e2e test: ${available.reason}`);
const sandboxTest = available.ok ? test : test.skip;

let sb: Sandbox;
let claudeMock: AnthropicMock;
let codexMock: ResponsesMock;
let env: Record<string, string>;
let cc: string;
let release: string;
const toolOutputs = new Map<string, unknown>();

beforeAll(async () => {
  sb = new Sandbox({ repo: { "one.txt": "one\n", "two.txt": "two\n", "three.txt": "three\n", "shared.txt": "first\nsecond\nthird\n" } });
  // A step that waits until the test has seen both runs at once (a script: claude refuses a bare
  // `sleep`): a fixed sleep let the first run end before a slow second launch under load.
  release = join(sb.root, "release-edits");
  const slow = join(sb.root, "slow-edit.sh");
  writeFileSync(slow, `#!/bin/sh\ni=0\nwhile [ ! -e '${release}' ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done\nprintf "%s\\n" "$2" >> "$1"\n`);
  chmodSync(slow, 0o755);
  claudeMock = startAnthropicMock((req) => {
    const text = req.userText();
    const edit = (command: string) => (req.toolResults === 0 ? reply.tool("Bash", { command, description: "edit" }) : reply.text("EDIT_DONE"));
    if (text.includes("EDIT_ONE")) return edit(`${slow} one.txt 'by rescue one'`);
    if (text.includes("EDIT_TWO")) return edit(`${slow} two.txt 'by rescue two'`);
    // What each line edit's command answered, for the message should a run come back unchanged.
    if (req.toolResults > 0) toolOutputs.set(text.includes("LINE_A") ? "LINE_A" : text.includes("LINE_B") ? "LINE_B" : "other", req.results());
    if (text.includes("LINE_A")) return edit("sed -i s/second/SECOND-A/ shared.txt");
    if (text.includes("LINE_B")) return edit("sed -i s/second/SECOND-B/ shared.txt");
    return reply.text("unexpected task");
  });
  codexMock = startResponsesMock(() => codex.say("unused"));
  env = sb.claudeEnv(claudeMock.url, { CC_CODEX_BIN: codexBin, CC_CLAUDE_BIN: claudeBin });
  sb.writeCodexConfig(codexMock.url, { sandboxMode: "workspace-write", extra: `[shell_environment_policy]\nignore_default_excludes = true\n` });
  const download = join(sb.root, "download");
  mkdirSync(download, { recursive: true });
  copyFileSync(ccBinary(), join(download, "cc"));
  const installed = await run([join(download, "cc"), "install", "--yes"], { cwd: sb.repo, env, timeoutMs: 60000 });
  expect(installed.code, describeRun(installed)).toBe(0);
  cc = join(sb.dataDir, "bin", "cc");
});
afterAll(async () => {
  await reapAll();
  await Promise.all([claudeMock.close(), codexMock.close()]);
  sb.cleanup();
});

/** One Codex turn that follows the skill the prompt names; returns Codex's final message. */
async function skillTurn(prompt: string): Promise<string> {
  codexMock.setScript((req) => followSkill(req));
  const turn = await codexExec(sb, prompt, { env, timeoutMs: 120000 });
  expect(codexMock.scriptErrors).toEqual([]);
  expect(turn.code, describeRun(turn)).toBe(0);
  return turn.lastMessage;
}
const ccRun = (args: string[]) => run([cc, ...args], { cwd: sb.repo, env, timeoutMs: 120000 });
const read = (file: string) => readFileSync(join(sb.repo, file), "utf8");
const launchedId = (text: string) => /Started rescue job (rescue-[0-9a-z]+)/.exec(text)?.[1] ?? "";

sandboxTest("two background rescues at once beside the user's edit; applied, all three changes are there", async () => {
  const head = git(sb.repo, "rev-parse", "HEAD");
  const first = await skillTurn("$cc:rescue --background EDIT_ONE");
  const second = await skillTurn("$cc:rescue --background EDIT_TWO");
  const [a, b] = [launchedId(first), launchedId(second)];
  expect(a, first).not.toBe("");
  expect(b, second).not.toBe("");
  expect(first).toContain("its own worktree");
  // The user keeps working in the main tree meanwhile.
  writeFileSync(join(sb.repo, "three.txt"), "three, edited by the user\n");
  const both = await ccRun(["status", "--json"]);
  const running = (JSON.parse(both.stdout).jobs as { id: string; status: string }[]).filter((j) => j.status === "running").map((j) => j.id);
  expect(running.sort()).toEqual([a, b].sort());
  writeFileSync(release, "");

  const waited = await ccRun(["wait", a, b]);
  expect(waited.code, describeRun(waited)).toBe(0);
  expect([read("one.txt"), read("two.txt"), read("three.txt")]).toEqual(["one\n", "two\n", "three, edited by the user\n"]);

  expect(await skillTurn(`$cc:apply ${a}`)).toContain(`Applied rescue ${a}`);
  expect(await skillTurn(`$cc:apply ${b}`)).toContain(`Applied rescue ${b}`);
  expect([read("one.txt"), read("two.txt"), read("three.txt")]).toEqual(["one\nby rescue one\n", "two\nby rescue two\n", "three, edited by the user\n"]);
  expect(git(sb.repo, "rev-parse", "HEAD")).toBe(head);
  expect(git(sb.repo, "status", "--porcelain").split("\n").filter(Boolean).sort()).toEqual([" M one.txt", " M three.txt", " M two.txt"]);
  for (const job of [a, b]) expect((await ccRun(["discard", job])).code).toBe(0);
});

sandboxTest("two rescues change the same line: the second's apply refuses (exit 7), markers on request, undo restores", async () => {
  const [x, y] = await Promise.all([ccRun(["rescue", "--background", "--json", "LINE_A"]), ccRun(["rescue", "--background", "--json", "LINE_B"])]);
  for (const launch of [x, y]) expect(launch.code, describeRun(launch)).toBe(0);
  const [a, b] = [JSON.parse(x.stdout).job as string, JSON.parse(y.stdout).job as string];
  expect((await ccRun(["wait", a, b])).code).toBe(0);
  // Each run's edit came back (two sandboxed runs at once once lost one's: claude-concurrent-sandbox.test.ts).
  for (const job of [a, b]) {
    const detail = JSON.parse((await ccRun(["status", job, "--json"])).stdout);
    const files = detail.job.kindOutput.changes.files.map((f: { path: string }) => f.path);
    expect(files, JSON.stringify(Object.fromEntries(toolOutputs), null, 2)).toEqual(["shared.txt"]);
  }
  expect((await ccRun(["apply", a])).code).toBe(0);
  expect(read("shared.txt")).toBe("first\nSECOND-A\nthird\n");
  const before = repoFingerprint(sb.repo);
  const check = await ccRun(["apply", "--check", b]);
  expect(check.code, describeRun(check)).toBe(7);
  expect(check.stdout).toContain("shared.txt");
  const refused = await ccRun(["apply", b]);
  expect(refused.code, describeRun(refused)).toBe(7);
  expect(refused.stderr).toContain("shared.txt");
  expect(repoFingerprint(sb.repo)).toEqual(before);
  const marked = await ccRun(["apply", "--conflict-markers", b]);
  expect(marked.code, describeRun(marked)).toBe(0);
  expect(read("shared.txt")).toMatch(/<<<<<<< [^\n]*\nSECOND-A\n=======\nSECOND-B\n>>>>>>> /);
  const undo = await ccRun(["rescue", "--undo", b]);
  expect(undo.code, describeRun(undo)).toBe(0);
  expect(repoFingerprint(sb.repo)).toEqual(before);
});
