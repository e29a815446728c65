/**
 * The stop-time review gate through the real codex (hooks trusted by `cc install`) and the real
 * claude against the Messages mock: block → Codex continues with the findings, once; allow → the
 * stop proceeds; no edits → no Claude call; Claude unreachable or too slow → the stop proceeds and
 * the user is told why.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { reply } from "../support/anthropic-mock.ts";
import { AppServerDriver, hookEntries } from "../support/app-server-driver.ts";
import { describeRun, run } from "../support/processes.ts";
import { type CodexRequest, codex } from "../support/responses-mock.ts";
import { worldPerTest } from "../support/world.ts";
import { ccEnv, exec, hookPrompt, installCc, outputsSinceLastUser, turnPrompt, writeCcConfig } from "./hooks-support.ts";

setDefaultTimeout(180_000);

const BLOCK = {
  decision: "block",
  summary: "GATE_SUMMARY: the edit breaks the answer",
  reasons: ["GATE_REASON src/app.ts:1 — the constant is now wrong; restore 41"],
};
const ALLOW = { decision: "allow", summary: "GATE_ALLOW_SUMMARY", reasons: [] };

const w = worldPerTest({
  repo: { "src/app.ts": "export const answer = 41;\n" },
  claude: () => reply.structured(ALLOW),
  codex: (req) => model(req),
});
let cc: string;

/** "edit": change a file, then say so. A stop-hook continuation: answer FIXED without editing. Anything else: chat. */
function model(req: CodexRequest) {
  if (hookPrompt(req)) return codex.say("FIXED_AFTER_GATE");
  if (turnPrompt(req) === "edit") {
    if (outputsSinceLastUser(req).length === 0) return codex.exec("printf 'export const answer = 42; // TURN_EDIT\\n' > src/app.ts");
    return codex.say("EDITED: set the answer to 42");
  }
  return codex.say("just chatting");
}

const env = (extra: Record<string, string> = {}) => ccEnv(w.sb, w.claude.url, extra);
const gateJobs = async () =>
  (JSON.parse((await run([cc, "status", "--all", "--json"], { cwd: w.sb.repo, env: env(), timeoutMs: 30000 })).stdout).jobs as any[]).filter(
    (j) => j.kind === "gate",
  );
const hookPrompts = () => w.codex.requests.filter((r) => hookPrompt(r) !== null).map((r) => hookPrompt(r)!);

describe("stop-time review gate", () => {
  test("enabled with cc setup, Claude blocks: Codex continues the turn with the findings, and the gate does not block twice [codex-version]", async () => {
    w.sb.writeCodexConfig(w.codex.url);
    cc = await installCc(w.sb, env());
    const setup = await run([cc, "setup", "--enable-review-gate"], { cwd: w.sb.repo, env: env(), timeoutMs: 60000 });
    expect(setup.stdout, describeRun(setup)).toContain("review gate: on");
    w.claude.setScript(() => reply.structured(BLOCK));

    const turn = await exec(w.sb, "edit", env());
    expect(turn.code, describeRun(turn)).toBe(0);
    expect(w.codex.scriptErrors).toEqual([]);
    // exec, "edited", then the continuation the block started; the second stop is allowed.
    expect(w.codex.requests.length).toBe(3);
    expect(hookPrompts().length).toBe(1);
    expect(hookPrompts()[0]).toContain("GATE_REASON src/app.ts:1");
    expect(turn.lastMessage.trim()).toBe("FIXED_AFTER_GATE");
    // Claude saw this turn's edit and Codex's last message, read-only.
    const prompt = w.claude.requests[0]!.userText();
    expect(prompt).toContain("TURN_EDIT");
    expect(prompt).toContain("EDITED: set the answer to 42");
    const jobs = await gateJobs();
    expect(jobs.length).toBe(1);
    expect(jobs[0]).toMatchObject({ status: "completed", profile: "read-only" });
    expect(jobs[0].costUsd).toBeNumber();
  });

  test("Claude allows: the stop proceeds, the gate's verdict is a gate job in cc status", async () => {
    w.sb.writeCodexConfig(w.codex.url);
    cc = await installCc(w.sb, env());
    writeCcConfig(w.sb, { reviewGate: true });
    const turn = await exec(w.sb, "edit", env());
    expect(turn.code, describeRun(turn)).toBe(0);
    expect(w.codex.requests.length).toBe(2);
    expect(hookPrompts()).toEqual([]);
    expect(turn.lastMessage.trim()).toBe("EDITED: set the answer to 42");
    expect(w.claude.requests.length).toBeGreaterThan(0);
    const jobs = await gateJobs();
    expect(
      jobs.map((j) => [j.status, j.summary]),
      JSON.stringify(jobs.map((j) => j.errorMessage)),
    ).toEqual([["completed", "Stop gate: 1 file changed this turn — allow"]]);
    const status = await run([cc, "status", "--all"], { cwd: w.sb.repo, env: env(), timeoutMs: 30000 });
    expect(status.stdout).toMatch(/gate-[0-9a-z]+\s+gate\s+completed/);
  });

  test("a turn without edits: no Claude request at all", async () => {
    w.sb.writeCodexConfig(w.codex.url);
    cc = await installCc(w.sb, env());
    writeCcConfig(w.sb, { reviewGate: true });
    const turn = await exec(w.sb, "hello", env());
    expect(turn.code, describeRun(turn)).toBe(0);
    expect(turn.lastMessage.trim()).toBe("just chatting");
    expect(w.claude.requests.length).toBe(0);
    expect(await gateJobs()).toEqual([]);
  });

  test("Claude unreachable: the stop proceeds (fails open) and the reason is logged", async () => {
    w.sb.writeCodexConfig(w.codex.url);
    cc = await installCc(w.sb, env());
    writeCcConfig(w.sb, { reviewGate: true });
    const dead = ccEnv(w.sb, "http://127.0.0.1:9");
    const turn = await exec(w.sb, "edit", dead);
    expect(turn.code, describeRun(turn)).toBe(0);
    expect(w.codex.requests.length).toBe(2);
    expect(hookPrompts()).toEqual([]);
    const jobs = await gateJobs();
    expect(jobs.map((j) => j.status)).toEqual(["failed"]);
    expect(readFileSync(join(w.sb.dataDir, "hooks.log"), "utf8")).toContain("cc review gate did not run");
  });

  test("Claude past the gate's timeout: the stop proceeds and the user is told why (interactive client)", async () => {
    w.sb.writeCodexConfig(w.codex.url);
    cc = await installCc(w.sb, env());
    writeCcConfig(w.sb, { reviewGate: true, reviewGateTimeoutSeconds: 10 });
    w.claude.setScript(() => reply.stall());
    const client = await AppServerDriver.start({ cwd: w.sb.repo, env: env() });
    try {
      const thread = await client.startThread(w.sb.repo);
      const began = Date.now();
      const entries = hookEntries(await client.turn(thread, "edit", 120000));
      const stop = entries.filter((e) => e.event === "stop");
      expect(stop.length, JSON.stringify(entries)).toBe(1);
      expect(stop[0]).toMatchObject({ status: "completed", kind: "warning" });
      expect(stop[0]!.text).toContain("cc review gate did not run: The stop-time review gate timed out after 10 s.");
      expect(Date.now() - began).toBeLessThan(60000);
      expect(hookPrompts()).toEqual([]);
      expect((await gateJobs()).map((j) => j.status)).toEqual(["cancelled"]);
    } finally {
      await client.close();
    }
  });
});
