/**
 * `cc rescue` end to end from source: real claude against the Messages mock, real git, real job store.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findMarkedProcesses } from "../../src/claude/cancel.ts";
import { reply, type Script, toolSteps } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../support/bins.ts";
import { longBash, sleepersOf, whyNoTool } from "../support/long-tool.ts";
import { sandboxTest } from "../support/os-sandbox.ts";
import { describeRun, run, waitFor } from "../support/processes.ts";
import { worldPerTest } from "../support/world.ts";

const w = worldPerTest();

function env(script: Script, extra: Record<string, string> = {}) {
  return w.sb.claudeEnv(w.useClaude(script).url, { CC_CLAUDE_BIN: claudeBin, CODEX_THREAD_ID: "thread-rescue-1", ...extra });
}
const cc = (args: string[], e: Record<string, string>, opts: { cwd?: string; stdin?: string; timeoutMs?: number } = {}) =>
  run([...ccFromSource, ...args], {
    cwd: opts.cwd ?? w.sb.repo,
    env: e,
    timeoutMs: opts.timeoutMs ?? 45000,
    ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}),
  });

const fixScript = toolSteps(
  [reply.tool("Read", { file_path: "a.txt" }), reply.tool("Edit", { file_path: "a.txt", old_string: "hello", new_string: "HELLO" })],
  reply.text("Fixed it: a.txt now says HELLO."),
);

describe("cc rescue", () => {
  sandboxTest(
    "a scripted fix edits the file and the result lists it with cost, session and resume command",
    async () => {
      const e = env((req) => {
        // Claude needs absolute paths; point the scripted tools at the sandbox repo.
        const r = fixScript(req);
        if (r.kind === "tools") r.calls = r.calls.map((c) => ({ ...c, input: { ...c.input, file_path: join(w.sb.repo, "a.txt") } }));
        return r;
      });
      const r = await cc(["rescue", "make the greeting uppercase"], e);
      expect(r.code, describeRun(r)).toBe(0);
      expect(readFileSync(join(w.sb.repo, "a.txt"), "utf8")).toBe("HELLO\n");
      expect(r.stdout).toContain("Fixed it: a.txt now says HELLO.");
      expect(r.stdout).toMatch(/Files changed:\n a\.txt \| 2 \+-/);
      expect(r.stdout).toMatch(/Claude session: [0-9a-f-]{36}/);
      expect(r.stdout).toMatch(/To continue it: `\S*rescue --resume rescue-[0-9a-z]+`/);
      expect(r.stdout).toMatch(/\$\d/); // cost
      // The write profile: edits allowed, the rescue framing around the task.
      expect(w.claude.requests[0]!.userText()).toContain("<task>\nmake the greeting uppercase\n</task>");
    },
    60000,
  );

  sandboxTest(
    "--json gives the changed files and the session",
    async () => {
      const e = env(toolSteps([reply.tool("Bash", { command: "echo new > created.txt", description: "create" })], reply.text("made it")));
      const r = await cc(["rescue", "--json", "create a file"], e);
      expect(r.code, describeRun(r)).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.status).toBe("completed");
      expect(out.changedFiles).toEqual([{ path: "created.txt", added: 1, deleted: 0 }]);
      expect(out.claudeSession).toMatch(/^[0-9a-f-]{36}$/);
      expect(out.resumeCommand).toContain(out.claudeSession);
    },
    60000,
  );

  sandboxTest(
    "--resume sends the earlier conversation; --fresh does not; the default says a rescue can be continued",
    async () => {
      const e = env((req) => reply.text(req.userText().includes("second step") ? "second answer" : "first answer"));
      const first = await cc(["rescue", "first task alpha"], e);
      expect(first.code, describeRun(first)).toBe(0);

      const resumed = await cc(["rescue", "--resume", "second step"], e);
      expect(resumed.code, describeRun(resumed)).toBe(0);
      const history = JSON.stringify(w.claude.requests.at(-1)!.body.messages);
      expect(history).toContain("first task alpha");
      expect(history).toContain("first answer");
      expect(history).toContain("second step");
      expect(resumed.stdout).toContain("second answer");
      const firstSession = /Claude session: (\S+)/.exec(first.stdout)![1];
      expect(resumed.stdout).toContain(`Claude session: ${firstSession}`);

      // Said in the result's footer (not first, on stderr), in the form the Codex user types.
      const plain = await cc(["rescue", "another task"], e);
      expect(plain.stderr).toBe("");
      // One hint, by id: right whenever the result is read (a bare --resume would soon mean this run).
      const firstId = /^— (rescue-[0-9a-z]+) ·/m.exec(resumed.stdout)![1]; // the newest rescue of the session
      const plainId = /^— (rescue-[0-9a-z]+) ·/m.exec(plain.stdout)![1];
      expect(plain.stdout).toContain(
        `To continue it: \`$cc:rescue --resume ${plainId}\` (a fresh Claude session; \`$cc:rescue --resume ${firstId}\` continues the earlier ${firstId} instead)`,
      );
      expect(JSON.stringify(w.claude.requests.at(-1)!.body.messages)).not.toContain("first task alpha");

      const fresh = await cc(["rescue", "--fresh", "third task"], e);
      expect(fresh.code, describeRun(fresh)).toBe(0);
      expect(fresh.stdout).not.toContain("continues the earlier");
      expect(JSON.stringify(w.claude.requests.at(-1)!.body.messages)).not.toContain("first task alpha");
    },
    60000,
  );

  sandboxTest(
    "--resume prefers the Codex session, falls back to the workspace; --resume-last crosses sessions; another directory is refused",
    async () => {
      const e = env(() => reply.text("ok"));
      expect((await cc(["rescue", "task of thread one"], e)).code).toBe(0);
      const other = { ...e, CODEX_THREAD_ID: "thread-rescue-2" };
      // After a Codex restart the session is new: --resume continues the workspace's newest rescue, and says so.
      const fallback = await cc(["rescue", "--resume"], other);
      expect(fallback.code, describeRun(fallback)).toBe(0);
      expect(fallback.stderr).toMatch(
        /this Codex session has no rescue to continue; continuing the workspace's newest, rescue-\S+ \(completed, from Codex session thread-rescue-1\)/,
      );
      expect(JSON.stringify(w.claude.requests.at(-1)!.body.messages)).toContain("task of thread one");
      const last = await cc(["rescue", "--resume-last", "go on"], other);
      expect(last.code, describeRun(last)).toBe(0);
      expect(JSON.stringify(w.claude.requests.at(-1)!.body.messages)).toContain("task of thread one");

      mkdirSync(join(w.sb.repo, "sub"));
      const elsewhere = await cc(["rescue", "--resume"], e, { cwd: join(w.sb.repo, "sub") });
      expect(elsewhere.code).toBe(2);
      expect(elsewhere.stderr).toContain("can only resume a session from the directory it started in");
    },
    60000,
  );

  test("--read-only cannot write", async () => {
    const e = env(
      toolSteps(
        [
          reply.tool("Write", { file_path: join(w.sb.repo, "new.txt"), content: "x" }),
          reply.tool("Bash", { command: "echo x > bash.txt", description: "write" }),
          reply.tool("Read", { file_path: join(w.sb.repo, "a.txt") }),
          reply.tool("Edit", { file_path: join(w.sb.repo, "a.txt"), old_string: "hello", new_string: "bye" }),
        ],
        reply.text("I looked."),
      ),
    );
    const r = await cc(["rescue", "--read-only", "investigate"], e);
    expect(r.code, describeRun(r)).toBe(0);
    expect(existsSync(join(w.sb.repo, "new.txt"))).toBe(false);
    expect(existsSync(join(w.sb.repo, "bash.txt"))).toBe(false);
    expect(readFileSync(join(w.sb.repo, "a.txt"), "utf8")).toBe("hello\n");
    expect(r.stdout).toContain("No files changed.");
    expect(
      w.claude.requests
        .at(-1)!
        .results()
        .filter((x) => x.isError).length,
    ).toBeGreaterThanOrEqual(3);
  }, 60000);

  sandboxTest(
    "a task with quotes, $(…), backticks and newlines reaches Claude byte for byte, from argv, a file and stdin",
    async () => {
      const task = `it's "quoted" $(touch pwned) \`uname -a\` and $HOME\nsecond line\twith tab \\ and {{TASK}} $& $1`;
      const e = env(() => reply.text("ok"));
      const fromArgv = await cc(["rescue", "--fresh", task], e);
      expect(fromArgv.code, describeRun(fromArgv)).toBe(0);
      expect(w.claude.requests.at(-1)!.userText()).toContain(`<task>\n${task}\n</task>`);

      writeFileSync(join(w.sb.tmp, "task.txt"), task);
      const fromFile = await cc(["rescue", "--fresh", "--prompt-file", join(w.sb.tmp, "task.txt")], e);
      expect(fromFile.code, describeRun(fromFile)).toBe(0);
      expect(w.claude.requests.at(-1)!.userText()).toContain(`<task>\n${task}\n</task>`);

      const fromStdin = await cc(["rescue", "--fresh"], e, { stdin: task });
      expect(fromStdin.code, describeRun(fromStdin)).toBe(0);
      expect(w.claude.requests.at(-1)!.userText()).toContain(`<task>\n${task}\n</task>`);
      expect(existsSync(join(w.sb.repo, "pwned"))).toBe(false);
    },
    60000,
  );

  sandboxTest(
    '`cc rescue -- --help` hands the text "--help" to Claude instead of printing help',
    async () => {
      const e = env(() => reply.text("done"));
      const r = await cc(["rescue", "--", "--help"], e);
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.stdout).not.toContain("USAGE");
      expect(w.claude.requests.at(-1)!.userText()).toContain("<task>\n--help\n</task>");
    },
    60000,
  );

  test("refuses to start from inside a Claude run cc launched, and without a task", async () => {
    const e = env(() => reply.text("never"));
    const nested = await cc(["rescue", "do it"], { ...e, CC_RUN_MARKER: "0f0f0f0f-run" });
    expect(nested.code).toBe(1);
    expect(nested.stderr).toContain("a rescue cannot start another rescue");
    const empty = await cc(["rescue"], e);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("no task given");
    expect(w.claude.requests.length).toBe(0);
  }, 60000);
});

describe("background rescue", () => {
  sandboxTest(
    "completes, and cc result shows Claude's answer and the changed files",
    async () => {
      const e = env(toolSteps([reply.tool("Bash", { command: "echo bg > bg.txt", description: "write" })], reply.text("background work done")));
      const launched = await cc(["rescue", "--background", "--in-place", "--json", "do it in the background"], e);
      expect(launched.code, describeRun(launched)).toBe(0);
      const { job } = JSON.parse(launched.stdout) as { job: string };
      const waited = await cc(["status", job, "--wait", "--timeout", "40s", "--json"], e, { timeoutMs: 50000 });
      expect(waited.code, describeRun(waited)).toBe(0);
      const result = await cc(["result", job], e);
      expect(result.code, describeRun(result)).toBe(0);
      expect(result.stdout).toContain("background work done");
      expect(result.stdout).toMatch(/Files changed:\n bg\.txt \| 1 \+/);
      expect(readFileSync(join(w.sb.repo, "bg.txt"), "utf8")).toBe("bg\n");
    },
    60000,
  );

  sandboxTest(
    "cancel during a tool run ends claude and the tool, and the job is cancelled",
    async () => {
      const e = env(toolSteps([longBash(w.sb.root)], reply.text("never")));
      const launched = await cc(["rescue", "--background", "--json", "sleep for a minute"], e);
      expect(launched.code, describeRun(launched)).toBe(0);
      const { job } = JSON.parse(launched.stdout) as { job: string };
      let marker: string | null = null;
      const sleeping = await waitFor(
        async () => {
          const s = await cc(["status", job, "--json"], e);
          const detail = JSON.parse(s.stdout).job;
          if (detail.workerPid) w.killAtEnd(detail.workerPid);
          marker = detail.runMarker;
          return detail.status === "running" && String(detail.progress?.currentTool ?? "").includes("wait-a-minute");
        },
        30000,
        200,
      );
      expect(sleeping).toBe(true);
      // The tool itself runs (not only claude): a refused command shows as the cause.
      const toolRuns = await waitFor(() => sleepersOf(marker!).length > 0, 15000);
      expect(toolRuns, whyNoTool(w.claude)).toBe(true);

      const cancel = await cc(["cancel", job], e);
      expect(cancel.code, describeRun(cancel)).toBe(0);
      const gone = await waitFor(() => findMarkedProcesses(marker!).length === 0, 8000);
      expect(gone).toBe(true);
      const final = JSON.parse((await cc(["status", job, "--json"], e)).stdout).job;
      expect(final.status).toBe("cancelled");
    },
    60000,
  );
});
