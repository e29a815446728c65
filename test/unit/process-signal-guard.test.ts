/**
 * Issue 17, item 9 (verification): cc never signals pid 0, 1 or below, nor the group of one —
 * `kill(-1)` would reach every process of the user and `kill(0)` cc's own group. A recorded pid
 * that was corrupted to such a value must be a no-op.
 */
import { afterEach, expect, test } from "bun:test";
import { signalGroup, signalProcess } from "../../src/lib/process.ts";

const realKill = process.kill;
afterEach(() => {
  process.kill = realKill;
});

test("pids and groups of 1 or below, and non-integers, are never signalled", () => {
  const calls: [number, unknown][] = [];
  process.kill = ((pid: number, sig?: string | number) => {
    calls.push([pid, sig]);
    return true;
  }) as typeof process.kill;
  for (const bad of [1, 0, -1, -42, 1.5, Number.NaN]) {
    signalProcess(bad, "SIGKILL");
    signalGroup(bad, "SIGKILL");
  }
  expect(calls).toEqual([]);
  signalGroup(4242, "SIGTERM");
  signalProcess(4242, "SIGTERM");
  expect(calls).toEqual([
    [-4242, "SIGTERM"],
    [4242, "SIGTERM"],
  ]);
});
