/**
 * Issue 12: a rescue can never cost the user their work. A hostile scripted model runs every
 * command that got past the old deny list, through the real claude and cc's real sandbox; the
 * remote and everything outside the workspace stay as they were, and `cc rescue --undo` restores
 * everything inside it byte for byte.
 */

import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxAvailability } from "../../src/claude/sandbox.ts";
import { type AnthropicMock, type Reply, reply, type Script, startAnthropicMock, toolSteps } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../support/bins.ts";
import { LOST_WORK, OUTSIDE_WRITES, PUSH_BYPASSES } from "../support/bypasses.ts";
import { git } from "../support/git.ts";
import { longBash, whyNoTool } from "../support/long-tool.ts";
import { describeRun, reapAll, run, waitFor } from "../support/processes.ts";
import { remoteRefs, repoFingerprint, richRepo } from "../support/repo-state.ts";
import { Sandbox } from "../support/sandbox.ts";

const available = sandboxAvailability();
if (!available.ok) console.warn(`skipping the sandbox tests: ${available.reason}`);
const sandboxTest = available.ok ? test : test.skip;

let sb: Sandbox;
let mock: AnthropicMock | null = null;
let remote: string;
let outside: string;

beforeEach(() => {
  sb = new Sandbox();
  remote = join(sb.root, "remote.git");
  outside = join(sb.root, "outside.txt");
  writeFileSync(outside, "the user's file outside the workspace\n");
  richRepo(sb.repo, remote);
});
afterEach(async () => {
  await reapAll();
  await mock?.close();
  mock = null;
  sb.cleanup();
});
afterAll(reapAll);

const fill = (command: string) => command.replaceAll("$REMOTE", remote).replaceAll("$OUT", outside);
const bash = (command: string): Reply => reply.tool("Bash", { command: fill(command), description: "scripted" });

function env(script: Script, extra: Record<string, string> = {}) {
  mock ??= startAnthropicMock(script);
  mock.setScript(script);
  return sb.claudeEnv(mock.url, { CC_CLAUDE_BIN: claudeBin, CODEX_THREAD_ID: "thread-safety", ...extra });
}
const cc = (args: string[], e: Record<string, string>, timeoutMs = 60000) => run([...ccFromSource, ...args], { cwd: sb.repo, env: e, timeoutMs });
const jobOf = (stdout: string) => (JSON.parse(stdout) as { job: string }).job;

describe("rescue containment", () => {
  sandboxTest(
    "every push spelling fails, nothing outside the workspace changes, and --undo restores the workspace byte for byte",
    async () => {
      const before = repoFingerprint(sb.repo);
      const remoteBefore = remoteRefs(remote);
      const commands = [...PUSH_BYPASSES, ...OUTSIDE_WRITES, ...LOST_WORK];
      const e = env(
        toolSteps(
          [...commands.map(bash), reply.tool("Write", { file_path: join(sb.root, "new-outside.txt"), content: "pwned by Write\n" })],
          reply.text("did my worst"),
        ),
      );
      const r = await cc(["rescue", "--json", "do your worst"], e, 150000);
      expect(r.code, describeRun(r)).toBe(0);
      expect(mock!.requests.at(-1)!.results().length).toBe(commands.length + 1);
      // Outside: the remote and the file are untouched, however the command was spelled.
      expect(remoteRefs(remote)).toBe(remoteBefore);
      expect(readFileSync(outside, "utf8")).toBe("the user's file outside the workspace\n");
      expect(existsSync(join(sb.root, "new-outside.txt"))).toBe(false);
      // Inside: the lost-work commands really did damage, and the result says what moved.
      const damaged = repoFingerprint(sb.repo);
      expect(damaged).not.toEqual(before);
      const out = JSON.parse(r.stdout);
      if (process.env.DEBUG_RESULTS)
        for (const [i, x] of mock!.requests.at(-1)!.results().entries()) console.log(i, x.isError, commands[i], JSON.stringify(x.content.slice(-160)));
      expect(out.moved.join("\n")).toContain("tag v1: deleted");
      expect(out.moved.join("\n")).toContain("branch feature: deleted");
      expect(out.moved.join("\n")).toContain("stash: entries changed");
      expect(out.undoCommand).toBe(`cc rescue --undo ${out.job}`);

      const undo = await cc(["rescue", "--undo", out.job], e);
      expect(undo.code, describeRun(undo)).toBe(0);
      expect(undo.stdout).toContain(`Undid rescue ${out.job}`);
      expect(repoFingerprint(sb.repo)).toEqual(before);
      // Undoing twice is harmless.
      const again = await cc(["rescue", "--undo", out.job], e);
      expect(again.code, describeRun(again)).toBe(0);
      expect(again.stdout).toContain("nothing to undo");
    },
    200000,
  );

  sandboxTest(
    "with --read-only the same commands change nothing at all",
    async () => {
      const before = repoFingerprint(sb.repo);
      const remoteBefore = remoteRefs(remote);
      const commands = [...PUSH_BYPASSES, ...OUTSIDE_WRITES, ...LOST_WORK];
      const e = env(toolSteps(commands.map(bash), reply.text("looked")));
      const r = await cc(["rescue", "--read-only", "look only"], e, 150000);
      expect(r.code, describeRun(r)).toBe(0);
      expect(mock!.requests.at(-1)!.results().length).toBe(commands.length);
      expect(remoteRefs(remote)).toBe(remoteBefore);
      expect(readFileSync(outside, "utf8")).toBe("the user's file outside the workspace\n");
      expect(repoFingerprint(sb.repo)).toEqual(before);
    },
    200000,
  );

  sandboxTest(
    "a real fix is undone; after the user edits, a later rescue's undo refuses and changes nothing",
    async () => {
      const before = repoFingerprint(sb.repo);
      const e = env(toolSteps([bash("sed -i s/43/44/ src/app.ts && echo new > added.txt && git add -A && git commit -qm fix")], reply.text("fixed")));
      const first = await cc(["rescue", "--json", "fix it"], e);
      expect(first.code, describeRun(first)).toBe(0);
      expect(readFileSync(join(sb.repo, "src/app.ts"), "utf8")).toContain("44");
      // `git add -A` works inside the sandbox (it masks absent dotfiles with /dev/null) and commits the fix.
      expect(git(sb.repo, "show", "--stat", "--format=%s", "HEAD")).toContain("added.txt");
      expect(JSON.parse(first.stdout).moved.join("\n")).toContain("branch main:");
      const undo = await cc(["rescue", "--undo", jobOf(first.stdout)], e);
      expect(undo.code, describeRun(undo)).toBe(0);
      expect(repoFingerprint(sb.repo)).toEqual(before);

      const second = await cc(["rescue", "--json", "fix it again"], e);
      expect(second.code, describeRun(second)).toBe(0);
      writeFileSync(join(sb.repo, "notes.txt"), "the user's own edit after the rescue\n");
      const edited = repoFingerprint(sb.repo);
      const refused = await cc(["rescue", "--undo", jobOf(second.stdout)], e);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("the repository changed after the rescue ended");
      expect(refused.stderr).toContain("working tree: files differ");
      expect(repoFingerprint(sb.repo)).toEqual(edited);

      // Pruning the (read) jobs takes their snapshot refs with them.
      expect(git(sb.repo, "for-each-ref", "refs/cc")).not.toBe("");
      for (const job of [jobOf(first.stdout), jobOf(second.stdout)]) expect((await cc(["result", job], e)).code).toBe(0);
      const pruned = await cc(["status", "--prune", "--older-than", "0s"], e);
      expect(pruned.code, describeRun(pruned)).toBe(0);
      expect(git(sb.repo, "for-each-ref", "refs/cc")).toBe("");
    },
    90000,
  );

  sandboxTest(
    "a cancelled background rescue still names what it changed and can be undone",
    async () => {
      const before = repoFingerprint(sb.repo);
      // A long tool every supported claude runs (2.1.33x refuses a standalone `sleep 60`).
      const e = env(toolSteps([bash("echo changed > a.txt && git -C . tag -d v1"), longBash(sb.root)], reply.text("never")));
      const launched = await cc(["rescue", "--background", "--in-place", "--json", "change, then take long"], e);
      expect(launched.code, describeRun(launched)).toBe(0);
      const job = jobOf(launched.stdout);
      const sleeping = await waitFor(
        async () => String(JSON.parse((await cc(["status", job, "--json"], e)).stdout).job.progress?.currentTool ?? "").includes("wait"),
        30000,
        200,
      );
      expect(sleeping, whyNoTool(mock!)).toBe(true);
      expect((await cc(["cancel", job], e)).code).toBe(0);
      const waited = await cc(["status", job, "--wait", "--timeout", "30s", "--json"], e);
      expect(JSON.parse(waited.stdout).job.status).toBe("cancelled");
      const result = await cc(["result", job], e);
      expect(result.stdout).toContain("a.txt");
      expect(result.stdout).toContain("tag v1: deleted");
      const undo = await cc(["rescue", "--undo", job], e);
      expect(undo.code, describeRun(undo)).toBe(0);
      expect(repoFingerprint(sb.repo)).toEqual(before);
    },
    90000,
  );

  sandboxTest(
    "from a subdirectory and from a linked worktree, Claude can commit and the undo keeps the directory",
    async () => {
      const sub = join(sb.repo, "empty-sub");
      const worktree = join(sb.root, "linked");
      mkdirSync(sub);
      git(sb.repo, "worktree", "add", "-q", "-b", "linked", worktree);
      const e = env(toolSteps([bash("echo x > made.txt && git add made.txt && git commit -qm made && echo committed")], reply.text("done")));
      for (const cwd of [sub, worktree]) {
        const head = git(cwd, "rev-parse", "HEAD");
        const r = await run([...ccFromSource, "rescue", "--json", "commit something"], { cwd, env: e, timeoutMs: 60000 });
        expect(r.code, describeRun(r)).toBe(0);
        expect(mock!.requests.at(-1)!.results()[0]!.content).toContain("committed");
        const undo = await run([...ccFromSource, "rescue", "--undo", jobOf(r.stdout)], { cwd, env: e, timeoutMs: 60000 });
        expect(undo.code, describeRun(undo)).toBe(0);
        expect(git(cwd, "rev-parse", "HEAD")).toBe(head);
        expect(existsSync(join(cwd, "made.txt"))).toBe(false);
        expect(existsSync(cwd)).toBe(true);
      }
    },
    90000,
  );

  sandboxTest(
    "a network call fails unless the host is allowed with --network",
    async () => {
      const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("reached the host\n") });
      try {
        // Inside the sandbox 127.0.0.1 is the sandbox's own loopback; a call to the host has to go
        // through Claude's proxy (no_proxy lists 127.0.0.1), which is what the allow list governs.
        const call = `curl -sS -m 5 --noproxy '' http://127.0.0.1:${server.port}/`;
        const direct = `curl -sS -m 5 http://127.0.0.1:${server.port}/`;
        const e = env(toolSteps([bash(call), bash(direct)], reply.text("done")));
        const denied = await cc(["rescue", "call the server"], e);
        expect(denied.code, describeRun(denied)).toBe(0);
        const [viaProxy, straight] = mock!.requests.at(-1)!.results();
        expect(viaProxy!.content).not.toContain("reached the host");
        expect(viaProxy!.content).toMatch(/403|blocked/i);
        expect(straight!.content).not.toContain("reached the host");

        const allowed = await cc(["rescue", "--network", "127.0.0.1", "call the server"], e);
        expect(allowed.code, describeRun(allowed)).toBe(0);
        expect(mock!.requests.at(-1)!.results()[0]!.content).toContain("reached the host");
        const other = await cc(["rescue", "--network", "registry.npmjs.org", "call the server"], e);
        expect(other.code, describeRun(other)).toBe(0);
        expect(mock!.requests.at(-1)!.results()[0]!.content).not.toContain("reached the host");
        const any = await cc(["rescue", "--network", "*", "call the server"], e);
        expect(any.code, describeRun(any)).toBe(0);
        expect(mock!.requests.at(-1)!.results()[0]!.content).toContain("reached the host");
      } finally {
        server.stop(true);
      }
    },
    90000,
  );

  // Hides bwrap for real (a private mount namespace with /dev/null over it), so claude lacks it too.
  const canHideBwrap = process.getuid?.() === 0 && Bun.spawnSync(["unshare", "-m", "true"]).exitCode === 0 && Bun.which("bwrap") === "/usr/bin/bwrap";
  if (!canHideBwrap) console.warn("skipping the missing-bwrap test: needs root and unshare -m to hide /usr/bin/bwrap");
  (canHideBwrap ? test : test.skip)(
    "without bwrap cc refuses before the run; --no-sandbox is the explicit consent",
    async () => {
      const e = env(toolSteps([bash("echo ran > ran.txt")], reply.text("ran")));
      const hidden = (args: string[]) =>
        run(["unshare", "-m", "sh", "-c", 'mount --bind /dev/null /usr/bin/bwrap && exec "$@"', "sh", ...ccFromSource, ...args], {
          cwd: sb.repo,
          env: e,
          timeoutMs: 60000,
        });
      const refused = await hidden(["rescue", "do it"]);
      expect(refused.code, describeRun(refused)).toBe(1);
      expect(refused.stderr).toContain("cannot contain this rescue: bwrap is not installed");
      expect(refused.stderr).toContain("--no-sandbox");
      expect(mock!.requests.length).toBe(0);
      const consented = await hidden(["rescue", "--no-sandbox", "do it"]);
      expect(consented.code, describeRun(consented)).toBe(0);
      expect(consented.stderr).toContain("WITHOUT a sandbox");
      expect(readFileSync(join(sb.repo, "ran.txt"), "utf8")).toBe("ran\n");
    },
    60000,
  );
});
