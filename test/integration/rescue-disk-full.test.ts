/**
 * The data directory fills up while a background rescue runs (a tiny tmpfs): the job ends `failed`
 * with "no space left in <dir>", keeps its resume command, the database stays intact, and
 * `cc status` still works. Needs root (mount); skipped with a message otherwise.
 */
import { Database } from "bun:sqlite";
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type AnthropicMock, reply, startAnthropicMock, toolSteps } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../support/bins.ts";
import { sandboxTest } from "../support/os-sandbox.ts";
import { describeRun, reapAll, run, waitFor } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = `/tmp/cc-tmpfs-probe-${process.pid}`;
  mkdirSync(probe, { recursive: true });
  const ok = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe]).exitCode === 0;
  if (ok) Bun.spawnSync(["umount", probe]);
  Bun.spawnSync(["rmdir", probe]);
  return ok;
})();
if (!canMount) console.warn("skipping the disk-full test: it needs root and permission to mount a tmpfs");

let sb: Sandbox;
let mock: AnthropicMock | null = null;
beforeEach(() => {
  sb = new Sandbox();
});
afterEach(async () => {
  await reapAll();
  await mock?.close();
  mock = null;
  Bun.spawnSync(["umount", "-l", sb.dataDir]);
  sb.cleanup();
});

(canMount ? sandboxTest : test.skip)(
  "a full data directory fails the job with the reason, and cc status keeps working",
  async () => {
    mkdirSync(sb.dataDir, { recursive: true });
    expect(Bun.spawnSync(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", sb.dataDir]).exitCode).toBe(0);
    mock = startAnthropicMock(
      toolSteps([reply.tool("Bash", { command: "sleep 4", description: "long step" })], reply.text("finished the task with a long final answer ".repeat(200))),
    );
    const e = sb.claudeEnv(mock.url, { CC_CLAUDE_BIN: claudeBin, CODEX_THREAD_ID: "thread-full" });
    const cc = (args: string[]) => run([...ccFromSource, ...args], { cwd: sb.repo, env: e, timeoutMs: 120000 });

    const launched = await cc(["rescue", "--background", "--json", "work while the disk fills"]);
    expect(launched.code, describeRun(launched)).toBe(0);
    const { job } = JSON.parse(launched.stdout) as { job: string };
    expect(
      await waitFor(async () => JSON.parse((await cc(["status", job, "--json"])).stdout).job.progress?.currentTool?.includes("sleep") ?? false, 30000, 200),
    ).toBe(true);
    // Fill the filesystem to the last byte.
    Bun.spawnSync(["dd", "if=/dev/zero", `of=${join(sb.dataDir, "filler")}`, "bs=4k"], { stderr: "ignore" });

    // The worker keeps the result and retries for a minute (the user may free space), then records the cause.
    const waited = await cc(["status", job, "--wait", "--timeout", "100s", "--json"]);
    expect(waited.code, describeRun(waited)).toBe(0);
    const final = JSON.parse(waited.stdout).job;
    // Never "lost": either the worker got its result in once SQLite had room again (its retry window),
    // or it recorded the cause itself, from its reserve, with the session to resume.
    expect(["completed", "failed"]).toContain(final.status);
    if (final.status === "failed") {
      expect(final.errorClass).toBe("disk_full");
      expect(final.errorMessage).toBe(
        `no space left in ${sb.dataDir}: free some space there (or point CC_DATA_DIR elsewhere); Claude's work is kept in its session.`,
      );
    } else {
      expect(final.errorClass).toBeNull();
    }
    expect(final.resumeCommand).toContain("claude --resume");

    const list = await cc(["status", "--json"]);
    expect(list.code, describeRun(list)).toBe(0);
    const db = new Database(join(sb.dataDir, "cc.db"), { readonly: true });
    expect(db.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    db.close();
  },
  180000,
);
