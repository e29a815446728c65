/**
 * Issue 17, item 6: a rescue's task on stdin is capped like --prompt-file (2 MiB), with the same
 * message, and reading stops there: an endless pipe ends the command at once, in bounded memory.
 */
import { expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ccFromSource } from "../support/bins.ts";
import { describeRun, run } from "../support/processes.ts";
import { worldPerTest } from "../support/world.ts";

const w = worldPerTest({ fakeClaude: true });

const shell = (script: string) => run(["sh", "-c", script, "sh", ...ccFromSource], { cwd: w.sb.repo, env: w.env(), timeoutMs: 20000 });

test("cat /dev/zero | cc rescue stops at the limit with one line", async () => {
  const r = await shell('cat /dev/zero | "$@" rescue');
  expect(r.timedOut, describeRun(r)).toBe(false);
  expect(r.code, describeRun(r)).toBe(2);
  expect(r.stderr).toContain("cc: the task on stdin is over 2048 KiB; the limit is 2048 KiB");
  expect(r.durationMs).toBeLessThan(10000);
});

test("a 30 MB task on stdin is refused in bounded memory, the same way as --prompt-file", async () => {
  const big = join(w.sb.tmp, "task.txt");
  writeFileSync(big, "x".repeat(30 * 1024 * 1024));
  // Peak RSS in KiB, from the kernel, via GNU time's %M when available; else only the message is checked.
  const hasTime = Bun.which("time", { PATH: "/usr/bin:/bin" }) !== null;
  const r = await shell(hasTime ? `/usr/bin/time -f 'peak-rss-kib=%M' "$@" rescue < '${big}'` : `"$@" rescue < '${big}'`);
  expect(r.code, describeRun(r)).toBe(2);
  expect(r.stderr).toContain("the task on stdin is over 2048 KiB; the limit is 2048 KiB");
  const fromFile = await run([...ccFromSource, "rescue", "--prompt-file", big], { cwd: w.sb.repo, env: w.env(), timeoutMs: 20000 });
  expect(fromFile.stderr).toContain("; the limit is 2048 KiB");
  const peak = /peak-rss-kib=(\d+)/.exec(r.stderr);
  if (process.env.CC_TEST_SHOW) console.log(peak?.[0]);
  if (peak) expect(Number(peak[1])).toBeLessThan(200 * 1024);
});
