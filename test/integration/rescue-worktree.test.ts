/**
 * Issue 26: a worktree rescue works in a private checkout made from the launch snapshot; the user's
 * tree holds only the user's own work until `cc apply`, which merges three ways, refuses on a
 * conflict (or writes markers when asked), and is undone byte for byte by `cc rescue --undo`.
 * Through the real claude (mock model) and cc from source.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxAvailability } from "../../src/claude/sandbox.ts";
import { type AnthropicMock, type Reply, reply, type Script, startAnthropicMock, toolSteps } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../support/bins.ts";
import { git, writeFiles } from "../support/git.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { repoFingerprint } from "../support/repo-state.ts";
import { Sandbox } from "../support/sandbox.ts";

const available = sandboxAvailability();
if (!available.ok) console.warn(`skipping the worktree tests: ${available.reason}`);
const sandboxTest = available.ok ? test : test.skip;

let sb: Sandbox;
let mock: AnthropicMock;

beforeAll(() => {
  sb = new Sandbox({
    repo: { "a.txt": "one\ntwo\nthree\n", "b.txt": "b\n", "c.txt": "to be renamed\n", "run.sh": "echo run\n", "del.txt": "deleted by Claude\n" },
  });
  mock = startAnthropicMock();
});
afterAll(async () => {
  await reapAll();
  await mock.close();
  sb.cleanup();
});

const bash = (command: string): Reply => reply.tool("Bash", { command, description: "scripted" });
function env(script: Script): Record<string, string> {
  mock.setScript(script);
  return sb.claudeEnv(mock.url, { CC_CLAUDE_BIN: claudeBin });
}
const cc = (args: string[], e: Record<string, string>, timeoutMs = 90000) => run([...ccFromSource, ...args], { cwd: sb.repo, env: e, timeoutMs });
const jobOf = (stdout: string) => (JSON.parse(stdout) as { job: string }).job;

describe("worktree rescue", () => {
  sandboxTest(
    "works beside the user's tree; apply brings edits, binary, deletion, rename, mode and new files in, uncommitted; undo restores byte for byte",
    async () => {
      // Uncommitted and untracked work at launch: the checkout must start from it.
      writeFiles(sb.repo, { "b.txt": "b, edited before launch\n", "notes.txt": "untracked at launch\n" });
      const script = [
        "cat b.txt notes.txt",
        "printf 'one\\nTWO by Claude\\nthree\\n' > a.txt && git rm -q del.txt && git mv c.txt d.txt && chmod +x run.sh && printf '\\000\\001\\377bin' > blob.bin && mkdir -p new/dir && echo fresh > new/dir/file.txt",
        "git add -A && git commit -qm 'claude: the fix' && echo committed && pwd",
      ].map(bash);
      const e = env(toolSteps(script, reply.text("fixed in the worktree")));
      const before = repoFingerprint(sb.repo);
      const r = await cc(["rescue", "--worktree", "--json", "fix it"], e);
      expect(r.code, describeRun(r)).toBe(0);
      const out = JSON.parse(r.stdout);
      const results = mock.requests.at(-1)!.results();
      expect(results[0]!.content).toContain("b, edited before launch");
      expect(results[0]!.content).toContain("untracked at launch");
      expect(results[2]!.content).toContain("committed");
      expect(results[2]!.content).toContain(join(sb.dataDir, "worktrees", out.job));
      // The user's tree and repository: exactly as before (cc's own refs aside).
      expect(repoFingerprint(sb.repo)).toEqual(before);
      expect(out.worktree).toBe(join(sb.dataDir, "worktrees", out.job));
      expect(out.commits.join("\n")).toContain("claude: the fix");
      expect(out.undoCommand).toBeNull();
      expect(out.changedFiles.map((f: { path: string }) => f.path).sort()).toEqual([
        "a.txt",
        "blob.bin",
        "c.txt",
        "d.txt",
        "del.txt",
        "new/dir/file.txt",
        "run.sh",
      ]);
      const text = await cc(["result", out.job], e);
      expect(text.stdout).toContain(`Worktree: ${out.worktree}`);
      expect(text.stdout).toMatch(new RegExp(`apply ${out.job}`));
      expect(git(sb.repo, "worktree", "list")).not.toContain("worktrees");

      // The user goes on working meanwhile.
      writeFiles(sb.repo, { "user.txt": "the user's own edit\n" });
      const edited = repoFingerprint(sb.repo);
      const check = await cc(["apply", "--check", out.job], e);
      expect(check.code, describeRun(check)).toBe(0);
      expect(check.stdout).toContain("a.txt");
      expect(repoFingerprint(sb.repo)).toEqual(edited);

      const applied = await cc(["apply", out.job], e);
      expect(applied.code, describeRun(applied)).toBe(0);
      expect(applied.stdout).toContain("claude: the fix");
      expect(readFileSync(join(sb.repo, "a.txt"), "utf8")).toBe("one\nTWO by Claude\nthree\n");
      expect(readFileSync(join(sb.repo, "user.txt"), "utf8")).toBe("the user's own edit\n");
      expect(readFileSync(join(sb.repo, "b.txt"), "utf8")).toBe("b, edited before launch\n");
      expect(readFileSync(join(sb.repo, "blob.bin"))).toEqual(Buffer.from([0, 1, 255, 98, 105, 110]));
      expect(existsSync(join(sb.repo, "del.txt"))).toBe(false);
      expect(existsSync(join(sb.repo, "c.txt"))).toBe(false);
      expect(readFileSync(join(sb.repo, "d.txt"), "utf8")).toBe("to be renamed\n");
      expect(readFileSync(join(sb.repo, "new/dir/file.txt"), "utf8")).toBe("fresh\n");
      expect(repoFingerprint(sb.repo).files["run.sh"]!.startsWith("755:")).toBe(true);
      // Uncommitted: HEAD, branches and the index are the user's.
      const after = repoFingerprint(sb.repo);
      expect([after.head, after.refs, after.index]).toEqual([edited.head, edited.refs, edited.index]);
      expect((await cc(["apply", out.job], e)).stderr).toContain("already applied");

      const undo = await cc(["rescue", "--undo", out.job], e);
      expect(undo.code, describeRun(undo)).toBe(0);
      expect(repoFingerprint(sb.repo)).toEqual(edited);

      const discard = await cc(["discard", out.job], e);
      expect(discard.code, describeRun(discard)).toBe(0);
      expect(existsSync(out.worktree)).toBe(false);
      expect(git(sb.repo, "for-each-ref", "refs/cc/worktrees")).toBe("");
      expect(repoFingerprint(sb.repo)).toEqual(edited);
      git(sb.repo, "add", "-A");
      git(sb.repo, "commit", "-qm", "user: settle");
    },
    200000,
  );

  sandboxTest(
    "--resume continues in the same worktree; the continuation owns it, and applying it brings both runs' work",
    async () => {
      const e = env((req) =>
        // The resumed conversation carries the first run's tool result.
        req.userText().includes("SECOND")
          ? req.toolResults === 1
            ? bash("cat first.txt && echo second > second.txt && pwd")
            : reply.text("second part done")
          : req.toolResults === 0
            ? bash("echo first > first.txt")
            : reply.text("first part done"),
      );
      const first = await cc(["rescue", "--worktree", "--json", "FIRST part"], e);
      expect(first.code, describeRun(first)).toBe(0);
      const a = jobOf(first.stdout);
      const second = await cc(["rescue", "--resume", a, "--json", "SECOND part"], e);
      expect(second.code, describeRun(second)).toBe(0);
      const b = jobOf(second.stdout);
      const seen = mock.requests.at(-1)!.results()[1]!.content;
      expect(seen).toContain("first");
      expect(seen).toContain(join(sb.dataDir, "worktrees", a));
      expect(existsSync(join(sb.repo, "first.txt"))).toBe(false);
      const stale = await cc(["apply", a], e);
      expect(stale.code).toBe(1);
      expect(stale.stderr).toContain(`continued by ${b}`);
      const applied = await cc(["apply", b], e);
      expect(applied.code, describeRun(applied)).toBe(0);
      expect([readFileSync(join(sb.repo, "first.txt"), "utf8"), readFileSync(join(sb.repo, "second.txt"), "utf8")]).toEqual(["first\n", "second\n"]);
      expect((await cc(["rescue", "--undo", b], e)).code).toBe(0);
      expect(existsSync(join(sb.repo, "first.txt"))).toBe(false);
      expect((await cc(["discard", b], e)).code).toBe(0);
      expect(existsSync(join(sb.dataDir, "worktrees", a))).toBe(false);
    },
    200000,
  );

  sandboxTest(
    "a conflict: --check and apply name the file, exit 7 and change nothing; --conflict-markers writes markers; undo restores",
    async () => {
      const e = env(toolSteps([bash("printf 'one\\nCLAUDE\\nthree\\n' > a.txt")], reply.text("changed line two")));
      const r = await cc(["rescue", "--worktree", "--json", "change line two"], e);
      expect(r.code, describeRun(r)).toBe(0);
      const job = jobOf(r.stdout);
      writeFileSync(join(sb.repo, "a.txt"), "one\nUSER\nthree\n");
      chmodSync(join(sb.repo, "a.txt"), 0o644);
      const edited = repoFingerprint(sb.repo);
      const check = await cc(["apply", "--check", job], e);
      expect(check.code, describeRun(check)).toBe(7);
      expect(check.stdout).toContain("a.txt");
      expect(repoFingerprint(sb.repo)).toEqual(edited);
      const refused = await cc(["apply", job], e);
      expect(refused.code, describeRun(refused)).toBe(7);
      expect(refused.stderr).toContain("a.txt");
      expect(refused.stderr).toContain("Nothing was changed");
      expect(repoFingerprint(sb.repo)).toEqual(edited);

      const marked = await cc(["apply", "--conflict-markers", job], e);
      expect(marked.code, describeRun(marked)).toBe(0);
      const text = readFileSync(join(sb.repo, "a.txt"), "utf8");
      expect(text).toContain("<<<<<<<");
      expect(text).toContain("USER");
      expect(text).toContain("CLAUDE");
      expect(text).toContain(">>>>>>>");
      const undo = await cc(["rescue", "--undo", job], e);
      expect(undo.code, describeRun(undo)).toBe(0);
      expect(repoFingerprint(sb.repo)).toEqual(edited);
    },
    200000,
  );

  sandboxTest(
    "ignored node_modules is linked in read-only; other ignored directories are named in the result",
    async () => {
      writeFiles(sb.repo, { ".gitignore": "node_modules/\ntarget/\n", "node_modules/lib/index.js": "module.exports = 42;\n", "target/cache.bin": "cache\n" });
      git(sb.repo, "add", ".gitignore");
      git(sb.repo, "commit", "-qm", "ignore");
      const e = env(
        toolSteps([bash("cat node_modules/lib/index.js"), bash("echo pwned > node_modules/lib/index.js; echo exit=$?")], reply.text("used the dependency")),
      );
      const r = await cc(["rescue", "--worktree", "use the dependency"], e);
      expect(r.code, describeRun(r)).toBe(0);
      const [read, write] = mock.requests.at(-1)!.results();
      expect(read!.content).toContain("module.exports = 42;");
      expect(write!.content).toMatch(/Read-only file system/);
      expect(readFileSync(join(sb.repo, "node_modules/lib/index.js"), "utf8")).toBe("module.exports = 42;\n");
      expect(r.stdout).toContain("Linked from your tree, read-only: node_modules/.");
      expect(r.stdout).toContain("Not in the worktree (ignored in your tree, not shared): target/");
      // The link is not part of the job's work.
      expect(r.stdout).toContain("No files changed");
    },
    200000,
  );
});
