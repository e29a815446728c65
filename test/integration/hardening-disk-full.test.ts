/**
 * Issue 17, item 3: a full disk after Claude finished. The data dir is a 1 MiB tmpfs; the claude
 * stand-in fills it up before it answers, so every write cc makes afterwards fails with SQLITE_FULL
 * or ENOSPC. The review text must still reach the user, the cause must be one line, and the Claude
 * session must stay resumable. Skipped where tmpfs cannot be mounted (needs root).
 */
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ccFromSource } from "../support/bins.ts";
import { describeRun, reapAll, run, waitFor } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

/** init, then fill the disk named by CLAUDE_FAKE_FILL, then the answer. */
const FILLING_CLAUDE = `#!/bin/sh
sid=""
fmt=""
while [ $# -gt 0 ]; do case "$1" in --session-id|--resume) sid="$2"; shift;; --input-format) fmt="$2"; shift;; esac; shift; done
# A steerable run keeps claude's input open (stream-json, one message a line): read the first message only.
if [ "$fmt" = stream-json ]; then head -n 1 > /dev/null; else cat > /dev/null; fi
printf '{"type":"system","subtype":"init","session_id":"%s","model":"fake-model","tools":[],"cwd":"%s"}\\n' "$sid" "$PWD"
sleep 0.3
cat /dev/zero > "$CLAUDE_FAKE_FILL" 2>/dev/null
printf '{"type":"assistant","message":{"id":"m1","model":"fake-model","content":[{"type":"text","text":"REVIEW-TEXT-42"}]},"session_id":"%s"}\\n' "$sid"
printf '{"type":"result","subtype":"success","is_error":false,"result":"REVIEW-TEXT-42","total_cost_usd":0.001,"num_turns":1,"duration_ms":3,"session_id":"%s","usage":{"input_tokens":10,"output_tokens":5}}\\n' "$sid"
`;

function mountTmpfs(dir: string): boolean {
  mkdirSync(dir, { recursive: true });
  return Bun.spawnSync(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", dir], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
}
const canMount =
  process.getuid?.() === 0 &&
  (() => {
    const probe = join("/tmp", `cc-tmpfs-probe-${process.pid}`);
    const ok = mountTmpfs(probe);
    if (ok) Bun.spawnSync(["umount", probe]);
    rmSync(probe, { recursive: true, force: true });
    return ok;
  })();

let sb: Sandbox;
let env: Record<string, string>;
let filler: string;
beforeEach(() => {
  sb = new Sandbox();
  if (!canMount) return;
  expect(mountTmpfs(sb.dataDir)).toBe(true);
  const claude = join(sb.tmp, "filling-claude");
  writeFileSync(claude, FILLING_CLAUDE);
  chmodSync(claude, 0o755);
  filler = join(sb.dataDir, "filler");
  env = sb.baseEnv({ CC_CLAUDE_BIN: claude, CLAUDE_FAKE_FILL: filler });
  writeFileSync(join(sb.repo, "a.txt"), "changed\n");
});
afterEach(async () => {
  await reapAll();
  if (canMount) Bun.spawnSync(["umount", "-l", sb.dataDir]);
  sb.cleanup();
});
afterAll(reapAll);

const cc = (args: string[]) => run([...ccFromSource, ...args], { cwd: sb.repo, env, timeoutMs: 30000 });

describe.skipIf(!canMount)(`a full data disk${canMount ? "" : " (skipped: cannot mount a tmpfs here; needs root)"}`, () => {
  test("foreground review: the text is printed, then one line says it was not saved and how to resume", async () => {
    const r = await cc(["review"]);
    expect(r.stdout, describeRun(r)).toContain("REVIEW-TEXT-42");
    expect(r.stderr, describeRun(r)).toMatch(/not saved: .*the disk is full/);
    expect(r.stderr).toContain("claude --resume");
    expect(r.stderr).not.toContain("internal error");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test("background review: the worker names the full disk in one line and keeps the result until space is freed", async () => {
    const launched = await cc(["review", "--background", "--json"]);
    expect(launched.code, describeRun(launched)).toBe(0);
    const { job } = JSON.parse(launched.stdout) as { job: string };
    const logPath = join(sb.dataDir, "logs", `${job}.log`);
    const readLog = () => {
      try {
        return readFileSync(logPath, "utf8");
      } catch {
        return "";
      }
    };
    expect(await waitFor(() => readLog().includes("Retrying"), 20000), readLog()).toBe(true);
    expect(readLog()).toMatch(/could not save the result: cc's job database: the disk is full/);
    rmSync(filler, { force: true });
    const workerGone = await waitFor(() => Bun.spawnSync(["pgrep", "-f", `worker ${job}`]).exitCode !== 0, 20000);
    expect(workerGone).toBe(true);
    expect(readLog()).not.toMatch(/\n\s+at /);
    const result = await cc(["result", job]);
    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toContain("REVIEW-TEXT-42");
  });
});
