/**
 * The sandbox settings cc passes, and cc refusing to trust them: a claude that reports the sandbox
 * disabled is stopped before it can run anything, and the run fails as sandbox_unavailable.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startClaude } from "../../src/claude/run.ts";
import { parseNetworkList, sandboxAvailability, sandboxSettings } from "../../src/claude/sandbox.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-sandbox-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SANDBOX = { network: [], denyWrite: ["/repo/.git/refs/cc/snapshots"] };

test("the settings turn the sandbox on with no way around it, and the network off unless listed", () => {
  const s = sandboxSettings({ ...SANDBOX, network: ["registry.npmjs.org"] }).sandbox as Record<string, any>;
  expect(s.enabled).toBe(true);
  expect(s.failIfUnavailable).toBe(true);
  expect(s.allowUnsandboxedCommands).toBe(false);
  expect(s.network.allowedDomains).toEqual(["registry.npmjs.org"]);
  expect(s.filesystem.denyWrite).toEqual(["/repo/.git/refs/cc/snapshots"]);
  expect((sandboxSettings({ ...SANDBOX, readOnlyWorkspace: "/repo" }).sandbox as any).filesystem.denyWrite).toContain("/repo");
});

test("--network takes host names only", () => {
  expect(parseNetworkList(["registry.npmjs.org, *.pypi.org", undefined, "REGISTRY.npmjs.org"])).toEqual(["registry.npmjs.org", "*.pypi.org"]);
  expect(parseNetworkList(["*"])).toEqual(["*"]);
  expect(() => parseNetworkList(["https://example.com"])).toThrow("is not a host name");
  expect(() => parseNetworkList(["example.com:443"])).toThrow("is not a host name");
});

test("no OS sandbox on Windows", () => {
  expect(sandboxAvailability("win32")).toEqual({ ok: false, reason: "Claude Code has no OS sandbox on win32" });
});

function fakeClaude(stderrLine: string, after: string): string {
  const path = join(dir, "claude");
  writeFileSync(
    path,
    `#!/bin/sh\necho "$@" > ${join(dir, "argv")}\nprev=; for a in "$@"; do [ "$prev" = --settings ] && cat "$a" > ${join(dir, "settings")}; prev=$a; done\necho '${stderrLine}' >&2\nprintf '{"type":"system","subtype":"init","session_id":"s","model":"m","tools":[],"cwd":"%s"}\\n' "$PWD"\n${after}\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

test("a claude that says it runs WITHOUT sandboxing is stopped before its tool runs", async () => {
  const marker = join(dir, "tool-ran");
  const claudePath = fakeClaude("⚠ Sandbox disabled: bubblewrap (bwrap) not installed. Commands will run WITHOUT sandboxing.", `sleep 2; touch ${marker}`);
  const run = await startClaude({ prompt: "go", cwd: dir, profile: "write", claudePath, sandbox: SANDBOX, env: { CC_DATA_DIR: dir } });
  const outcome = await run.outcome;
  expect(outcome.ok).toBe(false);
  expect(outcome.errorClass).toBe("sandbox_unavailable");
  expect(outcome.message).toContain("Sandbox disabled");
  await Bun.sleep(2500);
  expect(existsSync(marker)).toBe(false);
  const argv = readFileSync(join(dir, "argv"), "utf8");
  expect(argv).toContain("--permission-mode acceptEdits");
  // The settings reach claude as a file of the run's own (src/claude/run-settings.ts), gone once it has exited.
  expect(readFileSync(join(dir, "settings"), "utf8")).toContain('"failIfUnavailable":true');
  const settingsPath = / --settings (\S+)/.exec(argv)?.[1] ?? "";
  expect(settingsPath).toEndWith("settings.json");
  expect(existsSync(settingsPath)).toBe(false);
}, 15000);

test("claude refusing to start without its sandbox is reported as such", async () => {
  const claudePath = fakeClaude("Error: sandbox required but unavailable: sandbox is enabled but dependencies are missing: socat not installed", "exit 1");
  const run = await startClaude({ prompt: "go", cwd: dir, profile: "write", claudePath, sandbox: SANDBOX, env: { CC_DATA_DIR: dir } });
  const outcome = await run.outcome;
  expect(outcome.errorClass).toBe("sandbox_unavailable");
  expect(outcome.message).toContain("socat not installed");
}, 15000);
