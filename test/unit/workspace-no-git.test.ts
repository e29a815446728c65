/** `cc status` on a machine without git (found first under Wine: Windows rarely has git on PATH). */
import { afterEach, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ccFromSource } from "../support/bins.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

let sb: Sandbox | undefined;
afterEach(async () => {
  await reapAll();
  sb?.cleanup();
});

test("without git on PATH, cc status lists this directory's jobs instead of crashing with a stack trace", async () => {
  sb = new Sandbox({ repo: false });
  const emptyPath = join(sb.root, "no-tools");
  mkdirSync(emptyPath);
  const r = await run([...ccFromSource, "status", "--json"], { cwd: sb.repo, env: sb.baseEnv({ PATH: emptyPath }), timeoutMs: 20_000 });
  expect(r.stderr).not.toContain("internal error");
  expect(r.code, describeRun(r)).toBe(0);
});
