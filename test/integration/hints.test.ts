/**
 * Every hint names a cc command the reader can run: inside Codex the `$cc:` form the user types,
 * in a terminal the binary by a path that runs (plain `cc` only when PATH's first `cc` is this one).
 * A bare `cc status` typed in a terminal runs the C compiler. The compiled binary (CC_TEST_BINARY
 * honoured) is driven through the commands a user meets first; every line it prints is grepped.
 */
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, realpathSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { closeDatabase } from "../../src/jobs/db.ts";
import { BARE_CC } from "../support/bare-cc.ts";
import { ccBinary, codexBin } from "../support/bins.ts";
import { writeFakeClaude } from "../support/fake-claude.ts";
import { writeFiles } from "../support/git.ts";
import { sandboxTest } from "../support/os-sandbox.ts";
import { describeRun, type RunResult, reapAll, run } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

let sb: Sandbox;
let env: Record<string, string>;
let binary: string;
beforeEach(() => {
  sb = new Sandbox({ repo: { "a.ts": "export const a = 1;\n" } });
  writeFiles(sb.repo, { "a.ts": "export const a = 2;\n" });
  binary = realpathSync(ccBinary());
  env = sb.baseEnv({ CC_CLAUDE_BIN: writeFakeClaude(sb.tmp), CC_CODEX_BIN: codexBin });
});
afterEach(async () => {
  closeDatabase();
  await reapAll();
  sb.cleanup();
});
afterAll(reapAll);

const cc = (args: string[], extra: Record<string, string>, timeoutMs = 30000) => run([binary, ...args], { cwd: sb.repo, env: { ...env, ...extra }, timeoutMs });
const text = (r: RunResult) => `${r.stdout}\n${r.stderr}`;

/** What a user meets first: empty lists, errors with hints, a background job and its follow-ups, setup, help. */
async function tour(extra: Record<string, string>): Promise<{ outputs: Record<string, string>; jobId: string }> {
  const outputs: Record<string, string> = {};
  const step = async (name: string, args: string[], timeoutMs?: number) => {
    const r = await cc(args, extra, timeoutMs);
    expect(r.stderr, describeRun(r)).not.toContain("internal error");
    outputs[name] = text(r);
    return r;
  };
  await step("status (empty)", ["status"]);
  await step("result (none)", ["result"]);
  await step("cancel (none)", ["cancel"]);
  await step("status (unknown id)", ["status", "nosuchjob"]);
  await step("status (bad id)", ["status", "NO SUCH"]);
  await step("status (typo flag)", ["status", "--jsn"]);
  await step("status --prune (no age)", ["status", "--prune"]);
  await step("rescue (no task)", ["rescue"]);
  await step("review (focus text)", ["review", "look at a.ts"]);
  await step("rescue --resume (none)", ["rescue", "--resume"]);
  const launched = await step("review --background", ["review", "--background"]);
  const jobId = /job (review-[0-9a-z]+)/.exec(launched.stdout)?.[1];
  expect(jobId, describeRun(launched)).toBeString();
  await step("status (list)", ["status"]);
  await step("status <id> --wait", ["status", jobId!, "--wait", "--timeout", "30s"], 40000);
  await step("result <id>", ["result", jobId!]);
  await step("cancel <id> (finished)", ["cancel", jobId!]);
  await step("rescue (first)", ["rescue", "--wait", "fix a"], 40000);
  await step("rescue (second, fresh)", ["rescue", "--wait", "fix a again"], 40000);
  await step("setup", ["setup"], 60000);
  await step("help", ["help"]);
  await step("status --help", ["status", "--help"]);
  return { outputs, jobId: jobId! };
}

function expectNoBareCc(outputs: Record<string, string>): void {
  const offenders = Object.entries(outputs)
    .filter(([, out]) => BARE_CC.test(out))
    .map(([name, out]) => `${name}: ${out.split("\n").find((l) => BARE_CC.test(l))}`);
  expect(offenders).toEqual([]);
}

describe("hints name a cc command that runs", () => {
  sandboxTest(
    "inside Codex: skills as `$cc:<name>`, terminal commands by the binary's absolute path; never a bare `cc <sub>`",
    async () => {
      const { outputs, jobId } = await tour({ CODEX_THREAD_ID: "thread-hints" });
      expectNoBareCc(outputs);
      expect(outputs["review --background"]).toContain(`$cc:status ${jobId}`);
      expect(outputs["review --background"]).toContain(`$cc:result ${jobId}`);
      expect(outputs["status (empty)"]).toContain("`$cc:review --background`");
      expect(outputs["result <id>"]).toContain(jobId);
      expect(outputs["rescue (second, fresh)"]).toMatch(/`\$cc:rescue --resume rescue-[0-9a-z]+` continues the earlier rescue-/);
      // Inside Codex nothing can be piped to a skill's command, and a tick is not followed by "not".
      expect(outputs["rescue (no task)"]).not.toContain("stdin");
      expect(outputs.setup).not.toMatch(/✓ \S+: not /);
      // install runs in a terminal, not through a skill: named by the path that runs.
      expect(outputs.setup).toContain(`\`${binary} install\``);
      // What setup suggests that has a skill is in the words typed inside Codex.
      expect(outputs.setup).toContain("`$cc:setup --enable-review-gate` turns it on here");
    },
    240_000,
  );

  sandboxTest(
    "in a terminal: the absolute path while PATH's first `cc` is another program (the C compiler)",
    async () => {
      const { outputs, jobId } = await tour({});
      expectNoBareCc(outputs);
      expect(outputs["review --background"]).toContain(`${binary} status ${jobId}`);
      expect(outputs["status (empty)"]).toContain(`\`${binary} review --background\``);
      expect(outputs["rescue (second, fresh)"]).toContain(`\`${binary} rescue --resume rescue-`);
      expect(outputs["rescue (no task)"]).toContain("on stdin");
      expect(outputs.setup).toContain(`\`${binary} setup --enable-review-gate\` turns it on here`);
    },
    240_000,
  );

  test("in a terminal where PATH's first `cc` is this binary, the hints say plain `cc`", async () => {
    const bin = join(sb.root, "bin");
    mkdirSync(bin);
    symlinkSync(binary, join(bin, "cc"));
    const r = await cc(["status"], { PATH: `${bin}:${env.PATH}` });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain("Start one with `cc review --background`");
  }, 30_000);
});
