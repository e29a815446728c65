/** Profiles, effort and model handling, resume commands, finding claude, the progress line. */
import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findClaude } from "../../src/claude/locate.ts";
import { parseEffort, parseModel } from "../../src/claude/options.ts";
import { profileArgs, profileEnv, resolveProfile } from "../../src/claude/profiles.ts";
import { claudeArgs } from "../../src/claude/run.ts";
import { resumeCommand, transcriptPath } from "../../src/claude/session.ts";
import { ProgressLine } from "../../src/commands/_progress.ts";
import { CcError } from "../../src/lib/errors.ts";
import { formatElapsed } from "../../src/render/format.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "cc-unit-"));
  dirs.push(d);
  return d;
};
function fakeExe(dir: string, name = "claude"): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, 0o755);
  return path;
}

describe("permission profiles", () => {
  test("read-only is dontAsk with Read/Grep/Glob/Bash, user settings only, strict MCP and no allow rules", () => {
    const args = profileArgs(resolveProfile("read-only"));
    expect(args).toEqual(["--permission-mode", "dontAsk", "--setting-sources", "user", "--strict-mcp-config", "--tools", "Read,Grep,Glob,Bash"]);
    expect(args).not.toContain("--allowedTools");
  });

  test("write denies pushes and history rewrites, and needs IS_SANDBOX only as root", () => {
    const write = resolveProfile("write");
    const args = profileArgs(write);
    expect(args.slice(0, 2)).toEqual(["--permission-mode", "bypassPermissions"]);
    const deny = args[args.indexOf("--disallowedTools") + 1]!;
    for (const rule of ["Bash(git push:*)", "Bash(git reset --hard:*)", "Bash(git rebase:*)"]) expect(deny.split(",")).toContain(rule);
    expect(profileEnv(write, 0)).toEqual({ IS_SANDBOX: "1" });
    expect(profileEnv(write, 1000)).toEqual({});
    expect(profileEnv(resolveProfile("read-only"), 0)).toEqual({});
  });

  test("cc's config overrides the write profile field by field, never the read-only one", () => {
    const config = { writeProfile: { permissionMode: "acceptEdits" as const, allowedTools: ["Bash(npm test:*)"] } };
    const w = resolveProfile("write", config);
    expect(w.permissionMode).toBe("acceptEdits");
    expect(w.allowedTools).toEqual(["Bash(npm test:*)"]);
    expect(w.disallowedTools).toContain("Bash(git push:*)");
    expect(resolveProfile("write", { writeProfile: { disallowedTools: [] } }).disallowedTools).toEqual([]);
    expect(resolveProfile("read-only", config).permissionMode).toBe("dontAsk");
  });

  test("claude's argv: stream-json, a session id up front or --resume, never the prompt or --no-session-persistence", () => {
    const fresh = claudeArgs(
      { prompt: "SECRET PROMPT", cwd: "/r", profile: "read-only", model: "sonnet", effort: "xhigh", jsonSchema: { type: "object" }, maxTurns: 3 },
      "sid-1",
      [],
    );
    expect(fresh.slice(0, 4)).toEqual(["-p", "--output-format", "stream-json", "--verbose"]);
    expect(fresh).toContain("--session-id");
    expect(fresh.join(" ")).toContain('--model sonnet --effort xhigh --max-turns 3 --json-schema {"type":"object"} --session-id sid-1');
    expect(fresh.join(" ")).not.toContain("SECRET");
    expect(fresh).not.toContain("--no-session-persistence");
    const resumed = claudeArgs({ prompt: "p", cwd: "/r", profile: "write", resumeSessionId: "sid-2" }, "sid-2", []);
    expect(resumed.slice(-2)).toEqual(["--resume", "sid-2"]);
    expect(resumed).not.toContain("--session-id");
  });
});

describe("effort and model", () => {
  test("Claude's levels pass, synonyms map quietly, anything else maps with a warning", () => {
    for (const e of ["low", "medium", "high", "xhigh", "max"]) expect(parseEffort(e)).toEqual({ effort: e as never, warning: null });
    expect(parseEffort("HIGH")).toEqual({ effort: "high", warning: null });
    expect(parseEffort("x-high")).toEqual({ effort: "xhigh", warning: null });
    const minimal = parseEffort("minimal");
    expect(minimal.effort).toBe("low");
    expect(minimal.warning).toContain("minimal");
    const junk = parseEffort("banana");
    expect(junk.effort).toBe("high");
    expect(junk.warning).toContain("low, medium, high, xhigh, max");
  });

  test("models: aliases and ids pass through, default means Claude's choice, junk is a usage error", () => {
    expect(parseModel("opus")).toBe("opus");
    expect(parseModel("claude-sonnet-5")).toBe("claude-sonnet-5");
    expect(parseModel("claude-opus-4-8[1m]")).toBe("claude-opus-4-8[1m]");
    expect(parseModel("default")).toBeNull();
    expect(() => parseModel("--dangerously-skip-permissions")).toThrow(CcError);
    expect(() => parseModel("")).toThrow(/empty/);
  });
});

describe("sessions", () => {
  test("the resume command changes to the session's directory, quoted for the shell", () => {
    expect(resumeCommand("/work/repo", "abc")).toBe("cd /work/repo && claude --resume abc");
    expect(resumeCommand("/tmp/it's here", "abc")).toBe(`cd '/tmp/it'\\''s here' && claude --resume abc`);
  });

  test("the transcript lives under projects/<cwd with non-alphanumerics as '-'>", () => {
    expect(transcriptPath("/home/u/dir.with_dots and space", "s1", { CLAUDE_CONFIG_DIR: "/c" })).toBe("/c/projects/-home-u-dir-with-dots-and-space/s1.jsonl");
  });
});

describe("findClaude", () => {
  test("config wins, then CC_CLAUDE_BIN, then PATH, then the usual places", () => {
    const root = tempDir();
    const configured = fakeExe(join(root, "configured"));
    const fromEnv = fakeExe(join(root, "env"));
    const onPath = fakeExe(join(root, "path"));
    const home = join(root, "home");
    const local = fakeExe(join(home, ".local", "bin"));
    const env = { HOME: home, PATH: join(root, "path"), CC_CLAUDE_BIN: fromEnv, CC_DATA_DIR: join(root, "data") };
    expect(findClaude({ env, claudePath: configured })).toEqual({ path: configured, source: "config" });
    expect(findClaude({ env, claudePath: undefined })).toEqual({ path: fromEnv, source: "env" });
    expect(findClaude({ env: { ...env, CC_CLAUDE_BIN: "" }, claudePath: undefined })).toEqual({ path: onPath, source: "path" });
    expect(findClaude({ env: { HOME: home, PATH: "/nonexistent", CC_DATA_DIR: join(root, "data") } })).toEqual({ path: local, source: "location" });
  });

  test("the config file's claudePath is honoured, and a wrong explicit path is an error naming the setting", () => {
    const root = tempDir();
    const exe = fakeExe(join(root, "bin"));
    mkdirSync(join(root, "data"));
    writeFileSync(join(root, "data", "config.json"), JSON.stringify({ claudePath: exe }));
    expect(findClaude({ env: { HOME: root, PATH: "", CC_DATA_DIR: join(root, "data") } }).source).toBe("config");
    expect(() => findClaude({ env: { HOME: root, PATH: "" }, claudePath: join(root, "nope") })).toThrow(/claudePath/);
  });

  test("not found: the error names the install command", () => {
    const root = tempDir();
    try {
      findClaude({ env: { HOME: root, PATH: join(root, "empty") }, claudePath: undefined, locations: [join(root, "nowhere")] });
      throw new Error("expected findClaude to fail");
    } catch (error) {
      if (!(error instanceof CcError)) throw error;
      expect((error as CcError & { errorClass: string }).errorClass).toBe("not_installed");
      expect(error.hint).toContain("npm install -g @anthropic-ai/claude-code");
    }
  });
});

describe("progress line", () => {
  test("on a terminal it redraws one line with elapsed time, turn and current tool", () => {
    let out = "";
    const line = new ProgressLine({ isTTY: true, write: (t: string) => (out += t) });
    line.update({ type: "init", sessionId: "s", model: "m", tools: [], apiKeySource: null, cwd: null }, 0);
    line.update({ type: "tool_start", tool: { id: "t", name: "Read", description: "Read src/x.ts" } }, 2);
    line.stop();
    expect(out).toContain("\r\x1b[2Kclaude · 0s · turn 2 · Read src/x.ts");
    expect(out.endsWith("\r\x1b[2K")).toBe(true);
    expect(out).not.toContain("\n");
  });

  test("without a terminal it prints a line per change of activity", () => {
    let out = "";
    const line = new ProgressLine({ isTTY: false, write: (t: string) => (out += t) });
    const tool = { id: "t", name: "Bash", description: "Bash: git diff" };
    line.update({ type: "tool_start", tool }, 0);
    line.update({ type: "tool_start", tool }, 0);
    line.update({ type: "tool_finish", tool, isError: false }, 0);
    line.stop();
    expect(out.split("\n").filter(Boolean)).toEqual(["claude · 0s · starting", "claude · 0s · turn 1 · Bash: git diff", "claude · 0s · turn 1 · thinking"]);
  });

  test("elapsed time reads naturally", () => {
    expect(formatElapsed(9_400)).toBe("9s");
    expect(formatElapsed(125_000)).toBe("2m05s");
    expect(formatElapsed(3_725_000)).toBe("1h02m");
  });
});
