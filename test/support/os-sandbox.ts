/**
 * Tests that need Claude Code's OS sandbox (a write rescue runs inside it, and cc refuses without it):
 * on a machine that cannot give it (no bubblewrap or socat, or namespaces forbidden) they are skipped
 * with the reason in their name, never failed as if cc were broken. `npm run setup` installs it.
 */
import { test } from "bun:test";
import { sandboxAvailability } from "../../src/claude/sandbox.ts";

export const osSandbox = sandboxAvailability();

type TestFn = Parameters<typeof test>[1];

/** `test`, or where the OS sandbox is unavailable, a skip whose name says why. */
export function sandboxTest(name: string, fn: TestFn, timeout?: number): void {
  if (osSandbox.ok) test(name, fn, timeout);
  else test.skip(`${name} (skipped: no OS sandbox here)`, fn, timeout);
}
