/**
 * npm installs claude and codex on Windows as `.cmd` shims, which node:child_process will not start
 * without cmd.exe (EINVAL). The command line built here was checked under Wine: every argument cc
 * gives claude — the review JSON schema, tool lists with commas, rules with parentheses, spaces and
 * `*` — arrived byte for byte through a `%*` shim.
 */
import { expect, test } from "bun:test";
import { spawnTarget } from "../../src/lib/windows-command.ts";

const env = { ComSpec: "C:\\Windows\\system32\\cmd.exe" };

test("on Windows a .cmd shim runs through cmd.exe with a pre-quoted command line", () => {
  const t = spawnTarget("C:\\Users\\me\\AppData\\Roaming\\npm\\claude.cmd", ["--tools", "Read,Grep"], "win32", env);
  expect(t.file).toBe("C:\\Windows\\system32\\cmd.exe");
  expect(t.windowsVerbatimArguments).toBe(true);
  expect(t.args.slice(0, 3)).toEqual(["/d", "/s", "/c"]);
  expect(t.args[3]).toBe('"^"C:\\Users\\me\\AppData\\Roaming\\npm\\claude.cmd^" ^^^"--tools^^^" ^^^"Read^^^,Grep^^^""');
});

test("a .exe, and anything on Linux or macOS, is spawned as it is", () => {
  expect(spawnTarget("C:\\bin\\claude.exe", ["-p"], "win32", env)).toEqual({ file: "C:\\bin\\claude.exe", args: ["-p"], windowsVerbatimArguments: false });
  expect(spawnTarget("/usr/bin/claude.cmd", ["-p"], "linux", env)).toEqual({ file: "/usr/bin/claude.cmd", args: ["-p"], windowsVerbatimArguments: false });
});

test("an argument cmd.exe would expand (% or !) is refused with the fix, not silently changed", () => {
  expect(() => spawnTarget("C:\\npm\\claude.cmd", ["--model", "100%"], "win32", env)).toThrow(/cmd.exe would expand its % or !/);
});
