/**
 * `cc review --ref / --range / --pr / --since-last`: reviewing what git can name without touching the
 * user's tree. Real cc (from source), real git (a local bare `origin` holding pull-request refs), the
 * real claude against the Messages mock. One world for the whole file; each test uses its own refs.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { type AnthropicMock, type AnthropicRequest, reply, type Script, startAnthropicMock, toolSteps } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../support/bins.ts";
import { git, writeFiles } from "../support/git.ts";
import { describeRun, type RunResult, reapAll, run, start, waitFor } from "../support/processes.ts";
import { repoFingerprint } from "../support/repo-state.ts";
import { Sandbox } from "../support/sandbox.ts";

let sb: Sandbox;
let origin: string;
let mock: AnthropicMock;
/** The current test's script; the one mock server answers with it. */
let script: Script = () => reply.structured(clean);

const clean = { verdict: "approve", summary: "Fine.", findings: [], next_steps: [] };
const finding = (title: string) => ({
  verdict: "needs-attention",
  summary: "One problem.",
  findings: [{ severity: "high", title, body: "Evidence.", file: "src/feature.ts", line_start: 1, line_end: 1, confidence: 0.8, recommendation: "Fix it." }],
  next_steps: [],
});

function commitOn(branch: string, files: Record<string, string>, message: string): string {
  git(sb.repo, "checkout", "-q", branch);
  writeFiles(sb.repo, files);
  git(sb.repo, "add", "-A");
  git(sb.repo, "commit", "-qm", message);
  return git(sb.repo, "rev-parse", "HEAD").trim();
}

/** The user's own state: main checked out, an unstaged edit, an untracked file, a stash entry. */
function dirtyMain(): void {
  git(sb.repo, "checkout", "-q", "main");
  writeFiles(sb.repo, { "src/app.ts": "export const answer = 1; // STASHED_MARKER\n" });
  git(sb.repo, "stash", "-q");
  writeFiles(sb.repo, { "src/app.ts": "export const answer = 2; // WORKTREE_MARKER\n", "notes.txt": "UNTRACKED_MARKER\n" });
  git(sb.repo, "add", "notes.txt");
}

beforeAll(() => {
  sb = new Sandbox({ repo: { "src/app.ts": "export const answer = 41;\n", "README.md": "# demo\n" } });
  origin = join(sb.root, "origin.git");
  git(sb.root, "init", "-q", "--bare", origin);
  git(sb.repo, "remote", "add", "origin", origin);
  git(sb.repo, "push", "-q", "origin", "main");
  git(sb.repo, "branch", "feature");
  git(sb.repo, "branch", "topic");
  commitOn("feature", { "src/feature.ts": "export const feature = 'FEATURE_MARKER';\n" }, "feature");
  commitOn("main", { "README.md": "# demo\nMAIN_LATER_MARKER\n" }, "main moves on");
  // Pull request 7 (GitHub layout) and merge request 8 (GitLab layout) exist only on origin.
  const pr = commitOn("topic", { "src/pr.ts": "export const pr = 'PR_SEVEN_MARKER';\n" }, "pr seven");
  git(sb.repo, "push", "-q", "origin", `${pr}:refs/pull/7/head`);
  const mr = commitOn("topic", { "src/mr.ts": "export const mr = 'MR_EIGHT_MARKER';\n" }, "mr eight");
  git(sb.repo, "push", "-q", "origin", `${mr}:refs/merge-requests/8/head`);
  git(sb.repo, "checkout", "-q", "main");
  git(sb.repo, "branch", "-D", "topic");
  dirtyMain();
  mock = startAnthropicMock((req) => script(req));
});
afterEach(reapAll);
afterAll(async () => {
  await reapAll();
  await mock.close();
  sb.cleanup();
});

function cc(args: string[], timeoutMs = 90000): Promise<RunResult> {
  return run([...ccFromSource, ...args], { cwd: sb.repo, env: { ...sb.claudeEnv(mock.url), CC_CLAUDE_BIN: claudeBin }, timeoutMs });
}

const checkouts = () => (existsSync(join(sb.dataDir, "checkouts")) ? readdirSync(join(sb.dataDir, "checkouts")) : []);
const privateRefs = () => git(sb.repo, "for-each-ref", "--format=%(refname)", "refs/cc/");
const lastPrompt = () => mock.requests.at(-1)!.userText();
const promptOf = (from: number) =>
  mock.requests
    .slice(from)
    .find((r) => r.toolResults === 0)!
    .userText();

describe("reviewing what is not checked out", () => {
  test("--ref: Claude gets the branch's change and reads its files, never the working tree; the tree is identical during and after", async () => {
    const before = repoFingerprint(sb.repo);
    const during: ReturnType<typeof repoFingerprint>[] = [];
    const from = mock.requests.length;
    // Claude reads the file the user changed, then tries every way to change the checkout or, from
    // there, the user's repository.
    const hostile = [
      "echo HOSTILE > src/feature.ts",
      "chmod u+w src/feature.ts && echo HOSTILE > src/feature.ts",
      "git checkout -q HEAD~1",
      `git -C ${sb.repo} checkout -q feature`,
      `git -C ${sb.repo} stash`,
      `cd ${sb.repo} && git reset --hard`,
      `git --git-dir=${join(sb.repo, ".git")} update-ref refs/heads/main HEAD`,
      `git -C ${sb.repo} worktree add /tmp/cc-hostile-wt feature`,
    ];
    script = (req: AnthropicRequest) => {
      during.push(repoFingerprint(sb.repo));
      const steps = [reply.tool("Bash", { command: "cat src/app.ts; pwd" }), ...hostile.map((command) => reply.tool("Bash", { command }))];
      return toolSteps(steps, reply.structured(finding("Feature flagged")))(req);
    };
    const r = await cc(["review", "--ref", "feature", "--wait"]);
    expect(r.code, describeRun(r)).toBe(0);
    const prompt = promptOf(from);
    expect(prompt).toContain("+export const feature = 'FEATURE_MARKER';");
    expect(prompt).not.toContain("WORKTREE_MARKER");
    expect(prompt).not.toContain("UNTRACKED_MARKER");
    // The merge base with main, not main's tip: main's later commit is not part of the change.
    expect(prompt).not.toContain("MAIN_LATER_MARKER");
    const results = mock.requests.at(-1)!.results();
    expect(results).toHaveLength(hostile.length + 1);
    const read = results[0]!.content;
    expect(read).toContain("export const answer = 41;");
    expect(read).not.toContain("WORKTREE_MARKER");
    expect(read).toContain(join(sb.dataDir, "checkouts"));
    expect(r.stdout).toStartWith("# Claude Code review: ref feature against main (1 commit since ");
    // The checkout is gone after the review: no resume command pointing into it.
    expect(r.stdout).not.toContain("Resume:");
    expect(r.stdout).not.toContain("checkouts");
    expect(during.length).toBeGreaterThanOrEqual(hostile.length + 2);
    expect(git(sb.repo, "worktree", "list")).not.toContain("cc-hostile-wt");
    for (const seen of during) expect(seen).toEqual(before);
    expect(repoFingerprint(sb.repo)).toEqual(before);
    expect(checkouts()).toEqual([]);
    expect(privateRefs()).toBe("");
  }, 120000);

  test("a symbolic link in the reviewed commit is not followed out of the checkout", async () => {
    writeFiles(sb.root, { "secret.txt": "TOP_SECRET_VALUE\n" });
    git(sb.repo, "branch", "linky", "feature");
    const head = git(sb.repo, "rev-parse", "HEAD").trim();
    git(sb.repo, "stash", "-q", "-u");
    git(sb.repo, "checkout", "-q", "linky");
    symlinkSync(join(sb.root, "secret.txt"), join(sb.repo, "leak"));
    git(sb.repo, "add", "leak");
    git(sb.repo, "commit", "-qm", "link");
    git(sb.repo, "checkout", "-q", "main");
    git(sb.repo, "stash", "pop", "-q");
    expect(git(sb.repo, "rev-parse", "HEAD").trim()).toBe(head);
    script = (req: AnthropicRequest) => {
      const root = /Repository root \(your working directory\): (.+)/.exec(req.userText())?.[1] ?? "/nonexistent";
      return toolSteps([reply.tool("Read", { file_path: join(root, "leak") }), reply.tool("Bash", { command: "cat leak" })], reply.structured(clean))(req);
    };
    const r = await cc(["review", "--ref", "linky", "--wait"]);
    expect(r.code, describeRun(r)).toBe(0);
    const results = mock.requests.at(-1)!.results();
    expect(results).toHaveLength(2);
    for (const result of results) expect(result.content).not.toContain("TOP_SECRET_VALUE");
    // What is there instead: the link's target as the file's text.
    expect(results[1]!.content).toContain(join(sb.root, "secret.txt"));
  }, 120000);

  test("--pr 7 fetches origin's refs/pull/7/head into a private ref, reviews it against main, and leaves no ref behind", async () => {
    const before = repoFingerprint(sb.repo);
    const refsDuring: string[] = [];
    const from = mock.requests.length;
    script = () => {
      refsDuring.push(privateRefs());
      return reply.structured(clean);
    };
    const r = await cc(["review", "--pr", "7", "--wait"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(promptOf(from)).toContain("+export const pr = 'PR_SEVEN_MARKER';");
    expect(promptOf(from)).not.toContain("WORKTREE_MARKER");
    expect(r.stdout).toStartWith("# Claude Code review: pull request #7 against main");
    expect(refsDuring[0]).toMatch(/^refs\/cc\/review\/[a-z0-9-]+\n?$/);
    expect(privateRefs()).toBe("");
    expect(checkouts()).toEqual([]);
    expect(repoFingerprint(sb.repo)).toEqual(before);
  }, 120000);

  test("--pr with --forge gitlab reads refs/merge-requests/N/head; a missing pull request is a clear error", async () => {
    script = () => reply.structured(clean);
    const from = mock.requests.length;
    const r = await cc(["review", "--pr", "8", "--forge", "gitlab", "--wait"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(promptOf(from)).toContain("MR_EIGHT_MARKER");
    expect(r.stdout).toContain("merge request !8");
    const missing = await cc(["review", "--pr", "99", "--wait"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("cannot fetch pull request 99 (refs/pull/99/head) from origin");
    expect(missing.stderr).toContain("--forge gitlab");
    expect(privateRefs()).toBe("");
    expect(checkouts()).toEqual([]);
  }, 120000);

  test("--range a..b and a...b keep git's meaning", async () => {
    script = () => reply.structured(clean);
    let from = mock.requests.length;
    const two = await cc(["review", "--range", "main..feature", "--wait"]);
    expect(two.code, describeRun(two)).toBe(0);
    // a..b: from main's tip, so main's later commit shows as removed.
    expect(promptOf(from)).toContain("+export const feature = 'FEATURE_MARKER';");
    expect(promptOf(from)).toContain("-MAIN_LATER_MARKER");
    expect(two.stdout).toContain("range main..feature (1 commit,");
    from = mock.requests.length;
    const three = await cc(["review", "--range", "main...feature", "--wait"]);
    expect(three.code, describeRun(three)).toBe(0);
    expect(promptOf(from)).toContain("+export const feature = 'FEATURE_MARKER';");
    expect(promptOf(from)).not.toContain("MAIN_LATER_MARKER");
    const bad = await cc(["review", "--range", "main", "--wait"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --range "main"');
  }, 120000);

  test("--since-last reviews only the new commit with the earlier findings; a force-push falls back to a full review and says so", async () => {
    git(sb.repo, "branch", "inc", "feature");
    script = () => reply.structured(finding("EARLIER_FINDING_TITLE"));
    const first = await cc(["review", "--ref", "inc", "--since-last", "--wait"]);
    expect(first.code, describeRun(first)).toBe(0);
    expect(first.stderr).toContain("no earlier review of ref inc is recorded: reviewing it in full");

    const head = git(sb.repo, "rev-parse", "HEAD").trim();
    git(sb.repo, "stash", "-q", "-u");
    commitOn("inc", { "src/second.ts": "export const second = 'SECOND_MARKER';\n" }, "second");
    git(sb.repo, "checkout", "-q", "main");
    git(sb.repo, "stash", "pop", "-q");
    expect(git(sb.repo, "rev-parse", "HEAD").trim()).toBe(head);
    script = () => reply.structured(clean);
    let from = mock.requests.length;
    const second = await cc(["review", "--ref", "inc", "--since-last", "--wait"]);
    expect(second.code, describeRun(second)).toBe(0);
    let prompt = promptOf(from);
    expect(prompt).toContain("+export const second = 'SECOND_MARKER';");
    expect(prompt).not.toContain("FEATURE_MARKER");
    expect(prompt).toContain("EARLIER_FINDING_TITLE");
    expect(second.stdout).toContain("ref inc: 1 new commit since the last review (");
    expect(second.stderr).toMatch(/reviewing only the 1 commit\(s\) after [0-9a-f]{12}, the last reviewed one:\n {2}[0-9a-f]+ second\n/);

    const again = await cc(["review", "--ref", "inc", "--since-last", "--wait"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Nothing to review: ref inc has no new commits since the last review");

    // A force-push: inc rewritten from main, the reviewed commit no longer in its history.
    git(sb.repo, "branch", "-f", "inc", "main");
    git(sb.repo, "stash", "-q", "-u");
    commitOn("inc", { "src/rewritten.ts": "export const r = 'REWRITTEN_MARKER';\n" }, "rewritten");
    git(sb.repo, "checkout", "-q", "main");
    git(sb.repo, "stash", "pop", "-q");
    from = mock.requests.length;
    const forced = await cc(["review", "--ref", "inc", "--since-last", "--wait"]);
    expect(forced.code, describeRun(forced)).toBe(0);
    expect(forced.stderr).toMatch(
      /ref inc was rewritten since the last review \([0-9a-f]{12} is no longer in its history, a force-push\?\): reviewing it in full/,
    );
    prompt = promptOf(from);
    expect(prompt).toContain("REWRITTEN_MARKER");
    expect(prompt).not.toContain("EARLIER_FINDING_TITLE");
  }, 180000);

  test("adversarial-review and a background job review the ref too, and the checkout goes when the job ends", async () => {
    script = () => reply.structured(clean);
    const from = mock.requests.length;
    const adv = await cc(["adversarial-review", "--ref", "feature", "--wait", "the naming"]);
    expect(adv.code, describeRun(adv)).toBe(0);
    expect(promptOf(from)).toContain("FEATURE_MARKER");
    expect(adv.stdout).toStartWith("# Claude Code adversarial review: ref feature against main");

    const bg = await cc(["review", "--ref", "feature", "--background", "--json"]);
    expect(bg.code, describeRun(bg)).toBe(0);
    const id = (JSON.parse(bg.stdout) as { job: string }).job;
    const done = await cc(["status", id, "--wait", "--timeout", "60s", "--json"]);
    expect(done.code, describeRun(done)).toBe(0);
    const result = await cc(["result", id]);
    expect(result.stdout).toContain("ref feature against main");
    expect(lastPrompt()).toContain("FEATURE_MARKER");
    expect(checkouts()).toEqual([]);
  }, 120000);

  test("after kill -9 of a review, the next review removes its checkout and private ref", async () => {
    script = () => reply.stall();
    const n = mock.requests.length;
    const killed = start([...ccFromSource, "review", "--pr", "7", "--wait"], {
      cwd: sb.repo,
      env: { ...sb.claudeEnv(mock.url), CC_CLAUDE_BIN: claudeBin },
      timeoutMs: 60000,
    });
    expect(await waitFor(() => mock.requests.length > n, 30000)).toBe(true);
    expect(checkouts().length).toBe(1);
    expect(privateRefs()).toMatch(/^refs\/cc\/review\//);
    process.kill(killed.pid, "SIGKILL");
    await killed.result;
    expect(checkouts().length).toBe(1);

    const left = checkouts();

    // The next review (here a background one) sweeps them first. Its own worker is then killed: the
    // next review after that reconciles the job and removes that checkout too.
    const bg = await cc(["review", "--ref", "feature", "--background", "--json"]);
    expect(bg.code, describeRun(bg)).toBe(0);
    expect(privateRefs()).toBe("");
    expect(checkouts()).not.toContain(left[0]!);
    const id = (JSON.parse(bg.stdout) as { job: string }).job;
    let worker = 0;
    const seen = mock.requests.length;
    expect(
      await waitFor(
        async () => {
          const s = await cc(["status", id, "--json"]);
          worker = (JSON.parse(s.stdout) as { job: { workerPid: number | null } }).job.workerPid ?? 0;
          return worker > 0 && mock.requests.length > seen;
        },
        30000,
        300,
      ),
    ).toBe(true);
    expect(checkouts().length).toBe(1);
    process.kill(worker, "SIGKILL");

    script = () => reply.structured(clean);
    writeFiles(sb.repo, { "src/app.ts": "export const answer = 3; // WORKTREE_MARKER\n" });
    const next = await cc(["review", "--scope", "working-tree", "--wait"]);
    expect(next.code, describeRun(next)).toBe(0);
    expect(checkouts()).toEqual([]);
    expect(privateRefs()).toBe("");
  }, 120000);
});
