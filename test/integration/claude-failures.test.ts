/** How cc's Claude runner reports failures and cancellation, with the real claude against the Messages mock. */
import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findMarkedProcesses } from "../../src/claude/cancel.ts";
import { JobStore } from "../../src/jobs/store.ts";
import { processAlive } from "../../src/lib/process.ts";
import { reply, toolSteps } from "../support/anthropic-mock.ts";
import { bunBin, claudeBin, repoRoot } from "../support/bins.ts";
import { longBash, sleepersOf, whyNoTool } from "../support/long-tool.ts";
import { describeRun, run, start, waitFor } from "../support/processes.ts";
import { reapRuns, runRunner, startRunner } from "../support/runner.ts";
import { worldPerTest } from "../support/world.ts";

const w = worldPerTest();
afterEach(reapRuns);

describe("failure classes", () => {
  test("401 → auth_failed, naming the login command and the resume command", async () => {
    const m = w.useClaude(() => reply.error(401));
    const { run: r, outcome } = await runRunner(w.sb, m.url);
    expect(outcome.ok).toBe(false);
    expect(outcome.errorClass, outcome.message).toBe("auth_failed");
    expect(outcome.message).toContain("claude auth login");
    expect(outcome.message).not.toContain("\n");
    expect(outcome.resumeCommand).toBe(`cd ${w.sb.repo} && claude --resume ${r.sessionId}`);
    expect(outcome.message).toContain(outcome.resumeCommand!);
  }, 30000);

  test("429 → rate_limited", async () => {
    const m = w.useClaude(() => reply.error(429));
    const { outcome } = await runRunner(w.sb, m.url);
    expect(outcome.errorClass, outcome.message).toBe("rate_limited");
    expect(outcome.message).toMatch(/rate limit/i);
  }, 30000);

  test("529 → overloaded; with a fallback model claude switches and the run succeeds", async () => {
    const m = w.useClaude(() => reply.error(529));
    const plain = await runRunner(w.sb, m.url);
    expect(plain.outcome.errorClass, plain.outcome.message).toBe("overloaded");
    expect(plain.outcome.message).toContain("--model");

    m.setScript((req) => (String(req.body?.model).includes("opus") ? reply.retryableError(529) : reply.text("answer from the fallback")));
    const fb = await runRunner(w.sb, m.url, { model: "opus", fallbackModel: "sonnet", envExtra: { CLAUDE_CODE_MAX_RETRIES: "3" } });
    expect(fb.outcome.ok, fb.outcome.message).toBe(true);
    expect(fb.outcome.text).toBe("answer from the fallback");
    expect(fb.events.some((e) => e.type === "retry")).toBe(true);
    const switched = fb.events.find((e) => e.type === "model_fallback");
    expect(switched).toMatchObject({ type: "model_fallback", to: expect.stringContaining("sonnet") });
    expect(fb.outcome.model).toContain("sonnet");
    expect(fb.outcome.message).toContain("sonnet");
  }, 45000);

  test("a stream cut mid-message → api_error with claude's reason", async () => {
    const m = w.useClaude(() => reply.cut("half an ans"));
    const { outcome } = await runRunner(w.sb, m.url);
    expect(outcome.ok).toBe(false);
    expect(outcome.errorClass, outcome.message).toBe("api_error");
    expect(outcome.message).toMatch(/^Claude failed: .+/);
  }, 30000);

  test("no key and no login → not_logged_in, without any request", async () => {
    const m = w.useClaude(() => reply.text("should not be asked"));
    const { outcome } = await runRunner(w.sb, m.url, { envExtra: { ANTHROPIC_API_KEY: "" } });
    expect(outcome.errorClass, outcome.message).toBe("not_logged_in");
    expect(outcome.message).toContain("`claude auth login`");
    expect(m.requests.length).toBe(0);
  }, 30000);

  test("max turns → max_turns, resumable", async () => {
    const m = w.useClaude(
      toolSteps(
        [reply.tool("Bash", { command: "git status", description: "s" }), reply.tool("Bash", { command: "git log", description: "l" })],
        reply.text("never"),
      ),
    );
    const { outcome } = await runRunner(w.sb, m.url, { maxTurns: 1 });
    expect(outcome.errorClass, outcome.message).toBe("max_turns");
    expect(outcome.resumeCommand).not.toBeNull();
    expect(outcome.message).toContain("Resume: cd ");
  }, 30000);

  test("an unknown resume id → resume_not_found, without a resume command", async () => {
    const m = w.useClaude(() => reply.text("unused"));
    const { outcome } = await runRunner(w.sb, m.url, { resumeSessionId: "0b6d7c1e-3c55-4a7e-9f51-2b8f5d0e9a11" });
    expect(outcome.errorClass, outcome.message).toBe("resume_not_found");
    expect(outcome.message).toContain("0b6d7c1e-3c55-4a7e-9f51-2b8f5d0e9a11");
    expect(outcome.resumeCommand).toBeNull();
  }, 30000);

  test("structured output: a schema answer arrives parsed; text instead of it → structured_output_failed", async () => {
    const schema = { type: "object", properties: { verdict: { type: "string" } }, required: ["verdict"], additionalProperties: false };
    const m = w.useClaude((req) => (req.hasTool("StructuredOutput") ? reply.structured({ verdict: "approve" }) : reply.text("no tool")));
    const ok = await runRunner(w.sb, m.url, { jsonSchema: schema });
    expect(ok.outcome.ok, ok.outcome.message).toBe(true);
    expect(ok.outcome.structured).toEqual({ verdict: "approve" });

    m.setScript(() => reply.text("I refuse to use tools"));
    const bad = await runRunner(w.sb, m.url, { jsonSchema: schema });
    expect(bad.outcome.errorClass, bad.outcome.message).toBe("structured_output_failed");
  }, 45000);

  test("claude that exits without a result → crashed, quoting its stderr", async () => {
    const fake = join(w.sb.root, "fake-claude");
    writeFileSync(
      fake,
      `#!/bin/sh\ncat >/dev/null\necho '{"type":"system","subtype":"init","session_id":"x","model":"m","tools":[]}'\necho 'boom: something broke' >&2\nexit 7\n`,
    );
    chmodSync(fake, 0o755);
    const { outcome } = await runRunner(w.sb, "http://127.0.0.1:9", { claudePath: fake });
    expect(outcome.errorClass).toBe("crashed");
    expect(outcome.exitCode).toBe(7);
    expect(outcome.message).toContain("exited with code 7");
    expect(outcome.message).toContain("boom: something broke");
  }, 30000);
});

const sleepers = sleepersOf;

describe("cancellation", () => {
  test("cancel during a `sleep 60` tool ends claude and the sleep within 6 s", async () => {
    const m = w.useClaude(toolSteps([longBash(w.sb.root)], reply.text("never")));
    const { run: r } = await startRunner(w.sb, m.url, { profile: "write" });
    const sleeping = await waitFor(() => sleepers(r.runMarker).length > 0, 15000);
    expect(sleeping, whyNoTool(m)).toBe(true);
    const sleepPids = sleepers(r.runMarker).map((p) => p.pid);
    const began = Date.now();
    await r.cancel();
    const outcome = await r.outcome;
    expect(Date.now() - began).toBeLessThan(6000);
    expect(processAlive(r.pid)).toBe(false);
    expect(sleepPids.filter(processAlive)).toEqual([]);
    expect(findMarkedProcesses(r.runMarker)).toEqual([]);
    expect(outcome.errorClass).toBe("cancelled");
    expect(outcome.message).toContain(`claude --resume ${r.sessionId}`);
  }, 30000);

  test("cancel from another process also ends a tool process that escaped into its own session", async () => {
    const m = w.useClaude(
      toolSteps([reply.tool("Bash", { command: "( setsid sleep 61 </dev/null >/dev/null 2>&1 & ) ; sleep 60", description: "escape" })], reply.text("never")),
    );
    const { run: r } = await startRunner(w.sb, m.url, { profile: "write" });
    const sleeping = await waitFor(() => sleepers(r.runMarker).length >= 2, 15000);
    expect(sleeping, whyNoTool(m)).toBe(true);
    const sleepPids = sleepers(r.runMarker).map((p) => p.pid);
    const script = `import { cancelClaudeProcess } from ${JSON.stringify(join(repoRoot, "src/claude/cancel.ts"))}; await cancelClaudeProcess(${r.pid}, ${JSON.stringify(r.runMarker)});`;
    const cancel = await run([bunBin, "-e", script], { cwd: repoRoot, env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, timeoutMs: 15000 });
    expect(cancel.code, describeRun(cancel)).toBe(0);
    expect(cancel.durationMs).toBeLessThan(6000);
    const outcome = await r.outcome;
    expect(processAlive(r.pid)).toBe(false);
    expect(sleepPids.filter(processAlive)).toEqual([]);
    expect(outcome.ok).toBe(false);
  }, 30000);
});

describe("foreground runs", () => {
  test("Ctrl-C of the process running a foreground job ends claude and its tool, and records cancelled", async () => {
    const m = w.useClaude(toolSteps([longBash(w.sb.root)], reply.text("never")));
    // The job engine's foreground run (what `cc rescue` uses); the one signal handler is in src/lib/signals.ts.
    const launcher = join(repoRoot, "test/support/job-launcher.ts");
    const fg = start([bunBin, launcher, "fg", "rescue", "go", "write"], {
      cwd: w.sb.repo,
      env: w.sb.claudeEnv(m.url, { CC_CLAUDE_BIN: claudeBin }),
      timeoutMs: 30000,
    });
    const store = new JobStore(join(w.sb.dataDir, "cc.db"));
    const running = () => store.list({ workspaceRoot: realpathSync(w.sb.repo), codexSession: null })[0] ?? null;
    const sleeping = await waitFor(() => {
      const job = running();
      return job?.runMarker != null && sleepers(job.runMarker).length > 0;
    }, 20000);
    expect(sleeping, whyNoTool(m)).toBe(true);
    const { claudePid, runMarker } = running()!;
    const sleepPids = sleepers(runMarker!).map((p) => p.pid);
    process.kill(fg.pid, "SIGINT");
    const r = await fg.result;
    expect(r.code, describeRun(r)).toBe(0);
    expect((JSON.parse(r.stdout) as { status: string }).status).toBe("cancelled");
    expect(processAlive(claudePid!)).toBe(false);
    expect(sleepPids.filter(processAlive)).toEqual([]);
  }, 40000);
});
