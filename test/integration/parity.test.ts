/**
 * Habits of cc-plugin-codex users, from source against the real claude and the Messages mock:
 * its flags (`--write`, `-m`, `--cwd`/`-C`, `status --timeout-ms/--poll-interval-ms`,
 * `--quiet-progress`), `--resume` after a Codex restart and `--resume <id>`, slash commands,
 * web lookups in a read-only rescue, the Codex session in `cc result`, the run mode chosen by the
 * size of the change, and the review gate per workspace.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { readConfig } from "../../src/lib/config.ts";
import { reviewGateEnabled } from "../../src/lib/review-gate.ts";
import { reply, type Script, toolSteps } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../support/bins.ts";
import { initRepo, writeFiles } from "../support/git.ts";
import { sandboxTest } from "../support/os-sandbox.ts";
import { describeRun, run } from "../support/processes.ts";
import { worldPerTest } from "../support/world.ts";

const w = worldPerTest();
const findings = { verdict: "approve", summary: "fine", findings: [], next_steps: [] };

function env(script: Script, extra: Record<string, string> = {}) {
  return w.sb.claudeEnv(w.useClaude(script).url, { CC_CLAUDE_BIN: claudeBin, CODEX_THREAD_ID: "thread-parity-1", ...extra });
}
const cc = (args: string[], e: Record<string, string>, opts: { cwd?: string; timeoutMs?: number } = {}) =>
  run([...ccFromSource, ...args], { cwd: opts.cwd ?? w.sb.repo, env: e, timeoutMs: opts.timeoutMs ?? 45000 });
const jobIdIn = (text: string) => /^— ((?:rescue|review)-[0-9a-z]+) ·/m.exec(text)?.[1];
const lastMessages = () => JSON.stringify(w.claude.requests.at(-1)!.body.messages);

describe("cc-plugin-codex's flags", () => {
  sandboxTest(
    "rescue --write -m <model> -C <dir> from another directory works in that directory with that model",
    async () => {
      const e = env(() => reply.text("done in the repo"));
      const r = await cc(["rescue", "--write", "-m", "claude-mock-9", "-C", w.sb.repo, "say where you are"], e, { cwd: w.sb.tmp });
      expect(r.code, describeRun(r)).toBe(0);
      expect(w.claude.requests.at(-1)!.body.model).toBe("claude-mock-9");
      expect(r.stdout).toMatch(/To continue it: `\S*rescue --resume rescue-[0-9a-z]+`/);
      const id = jobIdIn(r.stdout)!;
      // --cwd=<dir> on a read command: the job is found in that workspace.
      const status = await cc(["status", `--cwd=${w.sb.repo}`, id, "--json"], e, { cwd: w.sb.tmp });
      expect(status.code, describeRun(status)).toBe(0);
      expect(JSON.parse(status.stdout).job).toMatchObject({ cwd: w.sb.repo, profile: "write", model: "claude-mock-9" });

      const both = await cc(["rescue", "--write", "--read-only", "x"], e);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain("--write and --read-only contradict each other");
      const missing = await cc(["status", "--cwd", join(w.sb.root, "nowhere")], e);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("no such directory");
    },
    60000,
  );

  sandboxTest(
    "status --wait --timeout-ms --poll-interval-ms wait in milliseconds; without --wait they are noted and ignored",
    async () => {
      const e = env(() => reply.text("background answer"));
      const bg = await cc(["rescue", "--background", "--quiet-progress", "--json", "a background task"], e);
      expect(bg.code, describeRun(bg)).toBe(0);
      const { job } = JSON.parse(bg.stdout) as { job: string };
      const waited = await cc(["status", job, "--wait", "--timeout-ms", "40000", "--poll-interval-ms", "100"], e, { timeoutMs: 50000 });
      expect(waited.code, describeRun(waited)).toBe(0);
      expect(waited.stdout).toMatch(/Status: +completed/);
      const ignored = await cc(["status", "--timeout-ms", "5"], e);
      expect(ignored.code, describeRun(ignored)).toBe(0);
      expect(ignored.stderr).toContain("--timeout-ms only applies with --wait; ignored.");
      const bad = await cc(["status", job, "--wait", "--timeout-ms", "soon"], e);
      expect(bad.code).toBe(2);
    },
    60000,
  );
});

describe("--resume", () => {
  sandboxTest(
    "after a Codex restart it continues the workspace's newest rescue; --resume <job id> and <Claude session id> pick one",
    async () => {
      const e = env((req) => reply.text(`answer to: ${req.userText().slice(-40)}`));
      const first = await cc(["rescue", "first task alpha"], e);
      expect(first.code, describeRun(first)).toBe(0);
      const firstId = jobIdIn(first.stdout)!;
      const firstSession = /Claude session: ([0-9a-f-]{36})/.exec(first.stdout)![1]!;
      const second = await cc(["rescue", "--fresh", "second task beta"], e);
      expect(second.code, describeRun(second)).toBe(0);

      // A new Codex session: nothing of its own to continue.
      const restarted = { ...e, CODEX_THREAD_ID: "thread-parity-2" };
      const fallback = await cc(["rescue", "--resume", "go on"], restarted);
      expect(fallback.code, describeRun(fallback)).toBe(0);
      expect(fallback.stderr).toContain("this Codex session has no rescue to continue; continuing the workspace's newest");
      expect(lastMessages()).toContain("second task beta");

      // By job id: the older one, although a newer rescue exists; the id is not sent as text.
      const byId = await cc(["rescue", "--resume", firstId, "continue alpha"], restarted);
      expect(byId.code, describeRun(byId)).toBe(0);
      expect(lastMessages()).toContain("first task alpha");
      expect(lastMessages()).not.toContain("second task beta");
      expect(w.claude.requests.at(-1)!.userText()).not.toContain(firstId);
      expect(byId.stdout).toContain(`Claude session: ${firstSession}`);

      // By Claude session id, and with --resume=<id>.
      const bySession = await cc(["rescue", `--resume=${firstSession}`, "more alpha"], restarted);
      expect(bySession.code, describeRun(bySession)).toBe(0);
      expect(lastMessages()).toContain("first task alpha");

      // A word that is not an id stays task text (here: the follow-up for the newest rescue).
      const text = await cc(["rescue", "--resume", "fix", "the", "rest"], restarted);
      expect(text.code, describeRun(text)).toBe(0);
      expect(w.claude.requests.at(-1)!.userText()).toContain("fix the rest");

      // Looks like an id but matches nothing: refused, nothing sent.
      const before = w.claude.requests.length;
      const unknown = await cc(["rescue", "--resume", "rescue-zzzzzz", "go"], restarted);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no rescue or Claude session "rescue-zzzzzz"');
      expect(w.claude.requests.length).toBe(before);
    },
    90000,
  );
});

describe("rescue prompts and profiles", () => {
  sandboxTest(
    "a task starting with / reaches Claude as its slash command, not inside cc's template",
    async () => {
      const e = env(() => reply.text("simplified"));
      const r = await cc(["rescue", "/simplify focus on a.txt"], e);
      expect(r.code, describeRun(r)).toBe(0);
      const sent = w.claude.requests[0]!.userText();
      expect(sent).toContain("<command-name>/simplify</command-name>");
      expect(sent).toContain("<command-args>focus on a.txt</command-args>");
      expect(sent).not.toContain("<task>");
    },
    60000,
  );

  test("a read-only rescue offers WebSearch and WebFetch; a review does not", async () => {
    const search = toolSteps([reply.tool("WebSearch", { query: "left-pad changelog" })], reply.text("done"));
    const e = env((req) => (req.hasTool("StructuredOutput") ? reply.structured(findings) : search(req)));
    const rescue = await cc(["rescue", "--read-only", "what does the changelog of left-pad say?"], e);
    expect(rescue.code, describeRun(rescue)).toBe(0);
    const asked = w.claude.requests.at(-1)!;
    // Allowed, not refused: under dontAsk an unlisted tool would come back as a permission error.
    expect(asked.results()).toEqual([expect.objectContaining({ isError: false, content: expect.stringContaining("Web search results") })]);
    expect(asked.hasTool("WebSearch")).toBe(true);
    expect(asked.hasTool("WebFetch")).toBe(true);
    expect(asked.hasTool("Write")).toBe(false);
    expect(asked.hasTool("Edit")).toBe(false);
    writeFiles(w.sb.repo, { "a.txt": "changed\n" });
    const review = await cc(["review", "--wait"], e);
    expect(review.code, describeRun(review)).toBe(0);
    const reviewed = w.claude.requests.at(-1)!;
    expect(reviewed.hasTool("WebSearch")).toBe(false);
    expect(reviewed.hasTool("WebFetch")).toBe(false);
    // cc result names the owning Codex session next to the Claude session.
    const result = await cc(["result", jobIdIn(rescue.stdout)!], e);
    expect(result.stdout).toMatch(/Claude session: [0-9a-f-]{36} · Codex session: thread-parity-1/);
  }, 60000);
});

describe("foreground or background without a flag", () => {
  test("a review of a large change starts in the background and says how to read it; a small one waits; --wait always waits", async () => {
    const e = env(() => reply.structured(findings));
    writeFiles(w.sb.repo, { "a.txt": "small change\n" });
    const small = await cc(["review"], e);
    expect(small.code, describeRun(small)).toBe(0);
    expect(small.stdout).toContain("**Verdict: approve**");

    for (let i = 0; i < 8; i++) writeFiles(w.sb.repo, { [`f${i}.ts`]: `export const n${i} = ${i};\n` });
    const large = await cc(["review"], e);
    expect(large.code, describeRun(large)).toBe(0);
    expect(large.stdout).toMatch(
      /A large change \(9 files, \d+ changed lines?; above 5 files or 400 lines; reviewBackgroundAbove in config\.json\): the review runs in the background/,
    );
    expect(large.stdout).toMatch(/Output: +\$cc:result review-[0-9a-z]+/);
    const id = /Started review job (\S+) in the background/.exec(large.stdout)![1]!;
    expect((await cc(["status", id, "--wait", "--timeout", "40s"], e, { timeoutMs: 50000 })).code).toBe(0);

    const waited = await cc(["review", "--wait"], e);
    expect(waited.stdout).toContain("**Verdict: approve**");
    // The threshold is configurable.
    await Bun.write(join(w.sb.dataDir, "config.json"), JSON.stringify({ reviewBackgroundAbove: { files: 100, lines: 10000 } }));
    const configured = await cc(["review"], e);
    expect(configured.stdout).toContain("**Verdict: approve**");
  }, 90000);

  sandboxTest(
    "a rescue stays in the foreground unless rescueInBackground is configured",
    async () => {
      const e = env(() => reply.text("rescued"));
      const fg = await cc(["rescue", "a task"], e);
      expect(fg.stdout).toContain("rescued");
      await Bun.write(join(w.sb.dataDir, "config.json"), JSON.stringify({ rescueInBackground: true }));
      const bg = await cc(["rescue", "another task"], e);
      expect(bg.code, describeRun(bg)).toBe(0);
      expect(bg.stdout).toMatch(/Started rescue job rescue-\S+ in the background/);
      const wait = await cc(["rescue", "--wait", "a third task"], e);
      expect(wait.stdout).toContain("rescued");
      const id = /Started rescue job (\S+)/.exec(bg.stdout)![1]!;
      expect((await cc(["status", id, "--wait", "--timeout", "40s"], e, { timeoutMs: 50000 })).code).toBe(0);
    },
    90000,
  );
});

describe("the review gate", () => {
  test("is stored per workspace, with the global reviewGate as the default", async () => {
    const e = env(() => reply.text("unused"));
    const other = initRepo(join(w.sb.root, "other"));
    const config = () => readConfig(join(w.sb.dataDir, "config.json"));
    const on = await cc(["setup", "--enable-review-gate", "--json"], e, { timeoutMs: 60000 });
    const report = JSON.parse(on.stdout);
    expect(report).toMatchObject({ reviewGate: true, reviewGateWorkspace: w.sb.repo, reviewGateSource: "workspace" });
    expect(reviewGateEnabled(w.sb.repo, config())).toBe(true);
    expect(reviewGateEnabled(other, config())).toBe(false);

    // The global default (the setting older cc wrote) applies where a workspace has none of its own.
    await Bun.write(join(w.sb.dataDir, "config.json"), JSON.stringify({ ...config(), reviewGate: true }));
    expect(reviewGateEnabled(other, config())).toBe(true);
    const off = await cc(["setup", "--disable-review-gate", "--json"], e, { cwd: other, timeoutMs: 60000 });
    expect(JSON.parse(off.stdout)).toMatchObject({ reviewGate: false, reviewGateWorkspace: other });
    expect(reviewGateEnabled(other, config())).toBe(false);
    expect(reviewGateEnabled(w.sb.repo, config())).toBe(true);
    mkdirSync(join(w.sb.repo, "sub"));
    const text = await cc(["setup"], e, { cwd: join(w.sb.repo, "sub"), timeoutMs: 60000 });
    expect(text.stdout).toContain(`review gate: on for ${w.sb.repo} (workspace;`);
  }, 120000);
});
