/**
 * A claude whose npm postinstall did not run is the package's placeholder, a small file that is not
 * a program: starting it fails with ENOEXEC. cc says so in one line with the fix, in the runner and
 * in `cc setup`, instead of an internal error with a stack trace.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startClaude } from "../../src/claude/run.ts";
import { ccBinary, codexBin } from "../support/bins.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

let sb: Sandbox;
afterEach(async () => {
  await reapAll();
  sb?.cleanup();
});

/** What npm leaves at bin/claude.exe when the postinstall that copies the native binary is skipped. */
function placeholder(dir: string): string {
  const path = join(dir, "claude");
  writeFileSync(path, "This file is replaced by the native claude binary during postinstall.\n".repeat(8));
  chmodSync(path, 0o755);
  return path;
}

describe("claude is npm's placeholder (postinstall did not run)", () => {
  test("the runner refuses with one line naming ENOEXEC and the reinstall", async () => {
    sb = new Sandbox();
    const stub = placeholder(sb.tmp);
    const started = startClaude({ prompt: "hi", cwd: sb.repo, profile: "read-only", replaceEnv: true, env: sb.baseEnv(), claudePath: stub });
    await expect(started).rejects.toThrow(`cannot start claude at ${stub}: it is not a program (ENOEXEC)`);
    await expect(started).rejects.toMatchObject({ hint: "Reinstall it with scripts enabled: `npm install -g @anthropic-ai/claude-code`." });
  }, 15_000);

  test("cc setup reports it on the claude line, no internal error", async () => {
    sb = new Sandbox();
    const stub = placeholder(sb.tmp);
    const r = await run([ccBinary(), "setup"], { cwd: sb.repo, env: sb.baseEnv({ CC_CLAUDE_BIN: stub, CC_CODEX_BIN: codexBin }), timeoutMs: 60_000 });
    expect(r.stderr, describeRun(r)).not.toContain("internal error");
    expect(r.stdout).toContain(
      `✗ claude: ${stub} does not run (ENOEXEC: it is not a program, likely the placeholder of an npm install whose postinstall did not run)`,
    );
    expect(r.stdout).toContain("cc is not ready");
  }, 60_000);
});
