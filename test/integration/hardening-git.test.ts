/**
 * Issue 17, item 7: a repository whose `.git/config` and hooks name programs (as an unpacked archive
 * or a shared directory can) runs none of them during a review: not through cc's own git calls, and
 * not through the git commands the read-only Claude runs. Real cc, real git, the real claude 2.1.197
 * against the Messages mock; and Claude still gets to run plain `git diff`.
 */
import { afterAll, afterEach, beforeEach, expect, test } from "bun:test";
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type AnthropicMock, reply, startAnthropicMock, toolSteps } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../support/bins.ts";
import { git, writeFiles } from "../support/git.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

let sb: Sandbox;
let mock: AnthropicMock | null = null;
let markers: string;
beforeEach(() => {
  sb = new Sandbox({ repo: { "src/app.ts": "export const answer = 41;\n", ".gitattributes": "*.ts filter=evil diff=evil\n" } });
  markers = join(sb.root, "markers");
  mkdirSync(markers);
  const touch = (name: string) => `sh -c 'touch ${markers}/${name}; cat' --`;
  git(sb.repo, "config", "core.fsmonitor", `sh -c 'touch ${markers}/fsmonitor'`);
  git(sb.repo, "config", "filter.evil.clean", touch("filter-clean"));
  git(sb.repo, "config", "filter.evil.smudge", touch("filter-smudge"));
  git(sb.repo, "config", "filter.evil.process", `sh -c 'touch ${markers}/filter-process; exit 1'`);
  git(sb.repo, "config", "diff.evil.textconv", `sh -c 'touch ${markers}/textconv; cat "$1"' --`);
  git(sb.repo, "config", "diff.evil.command", `sh -c 'touch ${markers}/diff-command'`);
  git(sb.repo, "config", "diff.external", `sh -c 'touch ${markers}/diff-external'`);
  const gpg = join(sb.root, "gpg-marker"); // git runs gpg.program without a shell: it must be a file
  writeFileSync(gpg, `#!/bin/sh\ntouch ${markers}/gpg\n`);
  chmodSync(gpg, 0o755);
  git(sb.repo, "config", "gpg.program", gpg);
  git(sb.repo, "config", "log.showSignature", "true");
  // HEAD becomes a signed commit, so showing it with log.showSignature would run gpg.program.
  const tree = git(sb.repo, "rev-parse", "HEAD^{tree}").trim();
  const parent = git(sb.repo, "rev-parse", "HEAD").trim();
  const signed = [
    `tree ${tree}`,
    `parent ${parent}`,
    "author cc test <t@example.invalid> 1700000000 +0000",
    "committer cc test <t@example.invalid> 1700000000 +0000",
    "gpgsig -----BEGIN PGP SIGNATURE-----",
    " ",
    " iQEzBAABCAAdFiEEfake",
    " -----END PGP SIGNATURE-----",
    "",
    "signed commit",
    "",
  ].join("\n");
  const id = Bun.spawnSync(["git", "hash-object", "-t", "commit", "-w", "--stdin"], { cwd: sb.repo, stdin: Buffer.from(signed), stdout: "pipe" })
    .stdout.toString()
    .trim();
  git(sb.repo, "update-ref", "HEAD", id);
  const hook = join(sb.repo, ".git", "hooks", "post-index-change");
  writeFileSync(hook, `#!/bin/sh\ntouch ${markers}/hook\n`);
  chmodSync(hook, 0o755);
  writeFiles(sb.repo, { "src/app.ts": "export const answer = 42;\n" });
});
afterEach(async () => {
  await reapAll();
  await mock?.close();
  mock = null;
  sb.cleanup();
});
afterAll(reapAll);

test("control: without cc's overrides, plain git runs every planted program", () => {
  const env = { PATH: process.env.PATH!, HOME: sb.home, GIT_CONFIG_NOSYSTEM: "1" };
  // A failing process filter stops git before anything else: it is checked alone, then switched off.
  const plain = (...args: string[]) => Bun.spawnSync(["git", ...args], { cwd: sb.repo, env, stdout: "ignore", stderr: "ignore" });
  plain("status");
  git(sb.repo, "config", "--unset", "filter.evil.process");
  const rest = plain;
  writeFiles(sb.repo, { ".gitattributes": "*.ts filter=evil diff=evil\n# touched\n" });
  rest("diff"); // src/app.ts through diff.evil.command, .gitattributes through diff.external
  rest("log", "-1"); // gpg, for the signed HEAD
  rest("show", "HEAD~1"); // textconv of the added src/app.ts
  writeFiles(sb.repo, { "src/app.ts": "export const answer = 4242;\n" });
  rest("add", "src/app.ts"); // clean filter, post-index-change hook
  expect(readdirSync(markers).sort(), readdirSync(markers).join(",")).toEqual([
    "diff-command",
    "diff-external",
    "filter-clean",
    "filter-process",
    "filter-smudge",
    "fsmonitor",
    "gpg",
    "hook",
    "textconv",
  ]);
});

const findings = { verdict: "approve", summary: "Fine.", findings: [], next_steps: [] };

async function reviewRunsNothing(): Promise<void> {
  const bash = (command: string) => reply.tool("Bash", { command, description: "inspect" });
  const commands = ["git diff", "git diff --no-ext-diff -- src/app.ts", "git log -p -1", "git show HEAD~1", "git status --short"];
  mock = startAnthropicMock(toolSteps(commands.map(bash), reply.structured(findings)));
  const env = { ...sb.claudeEnv(mock.url), CC_CLAUDE_BIN: claudeBin };
  const r = await run([...ccFromSource, "review"], { cwd: sb.repo, env, timeoutMs: 90000 });
  expect(r.code, describeRun(r)).toBe(0);
  expect(mock.scriptErrors).toEqual([]);
  const results = mock.requests.at(-1)!.results();
  expect(results.length).toBe(commands.length);
  for (const [i, result] of results.entries()) expect(result.isError, `${commands[i]}: ${result.content}`).toBe(false);
  expect(results[0]!.content).toContain("diff --git a/src/app.ts b/src/app.ts");
  expect(results[0]!.content).toContain("+export const answer = 42;");
  expect(results[1]!.content).toContain("answer = 42");
  expect(readdirSync(markers)).toEqual([]);
}

test("neither cc's git nor Claude's git runs the repository's programs, and plain git diff still works", reviewRunsNothing, 120000);

test("the same with clean and smudge filters alone (no process filter to take precedence)", async () => {
  git(sb.repo, "config", "--unset", "filter.evil.process");
  await reviewRunsNothing();
}, 120000);

test("the inspect commands a review prompt suggests are ones Claude's read-only mode allows", async () => {
  // Measured on claude 2.1.197: `--no-ext-diff` passes its read-only classifier, `--no-textconv` does not.
  const bash = (command: string) => reply.tool("Bash", { command, description: "inspect" });
  const denied = ["git diff --no-textconv"];
  mock = startAnthropicMock(toolSteps([bash("git diff --no-ext-diff -- src/app.ts"), ...denied.map(bash)], reply.structured(findings)));
  const env = { ...sb.claudeEnv(mock.url), CC_CLAUDE_BIN: claudeBin };
  const r = await run([...ccFromSource, "review"], { cwd: sb.repo, env, timeoutMs: 90000 });
  expect(r.code, describeRun(r)).toBe(0);
  const [allowed, refused] = mock.requests.at(-1)!.results();
  expect(allowed!.isError).toBe(false);
  // If a later claude allows it, the prompts may suggest --no-textconv too.
  expect(refused!.isError).toBe(true);
  const prompt = mock.requests[0]!.userText();
  expect(prompt).toContain("git diff --no-ext-diff");
  expect(prompt).not.toContain("--no-textconv");
}, 120000);
