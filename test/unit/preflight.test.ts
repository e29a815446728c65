import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkSandbox, insideCodex, probeWrite, SANDBOX_SENTINEL, sandboxMessage } from "../../src/codex/preflight.ts";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "cc-preflight-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("sandbox preflight", () => {
  test("outside Codex nothing is probed and nothing is created", async () => {
    const data = join(tempDir(), "data");
    const r = await checkSandbox({ env: { CC_DATA_DIR: data } });
    expect(r).toEqual({ sandboxed: false, reasons: [], probed: false });
    expect(existsSync(data)).toBe(false);
    expect(insideCodex({ CODEX_THREAD_ID: "t" })).toBe(true);
    expect(insideCodex({ CODEX_CI: "1" })).toBe(true);
    expect(insideCodex({ CODEX_SANDBOX_NETWORK_DISABLED: "1" })).toBe(false);
  });

  test("unsandboxed inside Codex: both probes pass and leave no probe file behind", async () => {
    const data = join(tempDir(), "data");
    const r = await checkSandbox({ env: { CC_DATA_DIR: data, CODEX_THREAD_ID: "t", CODEX_SANDBOX_NETWORK_DISABLED: "1" } });
    expect(r).toEqual({ sandboxed: false, reasons: [], probed: true });
    expect(readdirSync(data)).toEqual([]);
  });

  test("a data dir that cannot be created counts as sandboxed", async () => {
    // /proc refuses new directories (ENOENT), like a read-only home refuses them (EROFS).
    expect(probeWrite(join("/proc/self/nonexistent", "data"))).not.toBeNull();
    const r = await checkSandbox({ env: { CC_DATA_DIR: "/proc/self/nonexistent/data", CODEX_CI: "1" } });
    expect(r.sandboxed).toBe(true);
    expect(r.reasons.join()).toContain("not writable");
  });

  test("the person's line comes first, then the sentinel with the retry narrowed to the subcommand", () => {
    const text = sandboxMessage(["network blocked (EPERM)"], "status", "/home/u/.codex/plugins/data/cc-cc/bin/cc");
    const [person, sentinel] = text.split("\n") as [string, string];
    expect(person).toBe(
      "cc needs to run outside Codex's sandbox. To stop Codex asking, run `/home/u/.codex/plugins/data/cc-cc/bin/cc install --rules` once in a terminal.",
    );
    expect(sentinel.startsWith(`${SANDBOX_SENTINEL}: `)).toBe(true);
    expect(sentinel).toContain('sandbox_permissions "require_escalated"');
    expect(sentinel).toContain('prefix_rule ["/home/u/.codex/plugins/data/cc-cc/bin/cc","status"]');
    expect(sentinel).toContain("network blocked (EPERM)");
  });
});
