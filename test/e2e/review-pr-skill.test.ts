/**
 * `$cc:review --pr 7` through the real codex: the mock model follows the injected skill, the
 * installed compiled cc fetches pull request 7 from a local bare `origin` and the real claude
 * (against the Messages mock) reviews the pull request's change, not the user's working tree.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { reply, startAnthropicMock } from "../support/anthropic-mock.ts";
import { ccBinary, claudeBin, codexBin } from "../support/bins.ts";
import { codexExec } from "../support/codex.ts";
import { git, writeFiles } from "../support/git.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { repoFingerprint } from "../support/repo-state.ts";
import { startResponsesMock } from "../support/responses-mock.ts";
import { Sandbox } from "../support/sandbox.ts";
import { followSkill } from "./codex-skills.ts";

const findings = {
  verdict: "needs-attention",
  summary: "PR_REVIEW_SUMMARY",
  findings: [
    { severity: "high", title: "PR_FINDING_TITLE", body: "Evidence.", file: "src/pr.ts", line_start: 1, line_end: 1, confidence: 0.9, recommendation: "Fix." },
  ],
  next_steps: [],
};

const sb = new Sandbox({ repo: { "src/app.ts": "export const answer = 41;\n" } });
const claudeMock = startAnthropicMock(() => reply.structured(findings));
const codexMock = startResponsesMock((req) => followSkill(req));
afterAll(async () => {
  await reapAll();
  await Promise.all([claudeMock.close(), codexMock.close()]);
  sb.cleanup();
});

describe("$cc:review --pr through codex exec", () => {
  test("reaches Claude with the pull request's change; the user's tree is untouched", async () => {
    const origin = join(sb.root, "origin.git");
    git(sb.root, "init", "-q", "--bare", origin);
    git(sb.repo, "remote", "add", "origin", origin);
    git(sb.repo, "push", "-q", "origin", "main");
    git(sb.repo, "checkout", "-q", "-b", "pr");
    writeFiles(sb.repo, { "src/pr.ts": "export const pr = 'PR_SEVEN_MARKER';\n" });
    git(sb.repo, "add", "-A");
    git(sb.repo, "commit", "-qm", "pr seven");
    git(sb.repo, "push", "-q", "origin", "pr:refs/pull/7/head");
    git(sb.repo, "checkout", "-q", "main");
    git(sb.repo, "branch", "-D", "pr");
    writeFiles(sb.repo, { "src/app.ts": "export const answer = 42; // WORKTREE_MARKER\n" });
    const before = repoFingerprint(sb.repo);

    const env = sb.claudeEnv(claudeMock.url, { CC_CODEX_BIN: codexBin, CC_CLAUDE_BIN: claudeBin });
    sb.writeCodexConfig(codexMock.url, { sandboxMode: "danger-full-access" });
    const download = join(sb.root, "download");
    mkdirSync(download, { recursive: true });
    copyFileSync(ccBinary(), join(download, "cc"));
    const installed = await run([join(download, "cc"), "install", "--yes"], { cwd: sb.repo, env, timeoutMs: 60000 });
    expect(installed.code, describeRun(installed)).toBe(0);
    const cc = join(sb.dataDir, "bin", "cc");

    const turn = await codexExec(sb, "$cc:review --pr 7 --wait", { env, timeoutMs: 120000 });
    expect(codexMock.scriptErrors).toEqual([]);
    expect(turn.code, describeRun(turn)).toBe(0);
    const call = JSON.parse(codexMock.requests[1]!.body.input.find((i: any) => i.type === "function_call").arguments);
    expect(call.cmd).toBe(`${cc} review --pr 7 --wait`);
    const prompt = claudeMock.requests[0]!.userText();
    expect(prompt).toContain("+export const pr = 'PR_SEVEN_MARKER';");
    expect(prompt).not.toContain("WORKTREE_MARKER");
    expect(turn.lastMessage).toContain("pull request #7 against main");
    expect(turn.lastMessage).toContain("PR_FINDING_TITLE");
    expect(repoFingerprint(sb.repo)).toEqual(before);
    expect(git(sb.repo, "for-each-ref", "refs/cc/")).toBe("");
  }, 150000);
});
