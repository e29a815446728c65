/**
 * Issue 22, item 8: what cc says about hostile input stays one short line. A 100k-character id (or
 * value) is cut, not echoed whole, wherever a user can type one; a directory where cc.db should be
 * is called a directory. The compiled cc.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ccBinary } from "../support/bins.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

const sb = new Sandbox({ repo: { "a.txt": "a\n" } });
afterAll(async () => {
  await reapAll();
  sb.cleanup();
});
const cc = (args: string[], dataDir = sb.dataDir) => run([ccBinary(), ...args], { cwd: sb.repo, env: sb.baseEnv({ CC_DATA_DIR: dataDir }), timeoutMs: 20_000 });

test("a 100k-character id or value is cut in every message that names it", async () => {
  const long = "a".repeat(100_000);
  const commands = [
    ["result", long],
    ["status", long],
    ["cancel", long],
    ["rescue", "--undo", long],
    ["transfer", "--thread", long],
    ["transfer", "--to", "codex", "--session", long],
    ["status", "--wait", "--timeout-ms", long],
    ["status", "--prune", "--older-than", long],
  ];
  for (const args of commands) {
    const r = await cc(args);
    expect(r.code, describeRun(r)).not.toBe(0);
    expect(r.stderr.length, `cc ${args[0]} ${args[1]}: ${r.stderr.slice(0, 300)}`).toBeLessThan(600);
    expect(r.stderr).not.toContain("internal error");
  }
});

test("a directory where cc.db should be is called a directory, with the fix", async () => {
  const dataDir = join(sb.root, "data-with-dir-db");
  mkdirSync(join(dataDir, "cc.db"), { recursive: true, mode: 0o700 });
  const r = await cc(["status"], dataDir);
  expect(r.code, describeRun(r)).toBe(1);
  expect(r.stderr).toContain(`cc's job database ${join(dataDir, "cc.db")} is not a regular file (a directory)`);
  expect(r.stderr).toContain("Move it away");
});
