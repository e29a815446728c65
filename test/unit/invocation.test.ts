import { afterEach, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { wantsProgress } from "../../src/commands/_progress.ts";
import type { Job } from "../../src/jobs/types.ts";
import { ccCommand, hintStyle, programName, terminalCommand } from "../../src/lib/invocation.ts";
import { renderUnreadElsewhere } from "../../src/render/job-list.ts";
import { renderLaunched } from "../../src/render/status.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const executable = (dir: string, name: string) => {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, "#!/bin/sh\n");
  chmodSync(path, 0o755);
  return path;
};

describe("how a hint names a cc command", () => {
  const inCodex = { inCodex: true, program: "/opt/cc/bin/cc" };
  const terminal = { inCodex: false, program: "/opt/cc/bin/cc" };

  test("inside Codex a command with a skill is the `$cc:` form; install and update stay terminal commands", () => {
    expect(ccCommand(inCodex, "status", "review-k7m2qp", "--wait")).toBe("$cc:status review-k7m2qp --wait");
    expect(ccCommand(inCodex, "adversarial-review", "<focus>")).toBe("$cc:adversarial-review <focus>");
    expect(ccCommand(inCodex, "install", "--rules")).toBe("/opt/cc/bin/cc install --rules");
    expect(terminalCommand(inCodex, "status")).toBe("/opt/cc/bin/cc status");
  });

  test("in a terminal every command names the program", () => {
    expect(ccCommand(terminal, "status", "--all")).toBe("/opt/cc/bin/cc status --all");
    expect(ccCommand(terminal, "result", "")).toBe("/opt/cc/bin/cc result");
  });

  test("plain `cc` only when the first cc on PATH is this very binary", () => {
    const root = mkdtempSync(join(tmpdir(), "cc-invocation-"));
    dirs.push(root);
    const ours = executable(join(root, "data", "bin"), "cc");
    const compiler = executable(join(root, "usr", "bin"), "cc");
    const linked = join(root, "links");
    mkdirSync(linked);
    symlinkSync(ours, join(linked, "cc"));
    expect(programName(ours, { PATH: join(root, "usr", "bin") })).toBe(ours);
    expect(programName(ours, { PATH: `${join(root, "usr", "bin")}:${join(root, "data", "bin")}` })).toBe(ours);
    expect(programName(ours, { PATH: `${linked}:${join(root, "usr", "bin")}` })).toBe("cc");
    expect(programName(ours, { PATH: "" })).toBe(ours);
    expect(compiler).not.toBe(ours);
  });

  test("the style comes from the environment: CODEX_THREAD_ID or CODEX_CI means the reader is in Codex", () => {
    expect(hintStyle({ CODEX_THREAD_ID: "t", PATH: "" }, "/x/cc")).toEqual({ inCodex: true, program: "/x/cc" });
    expect(hintStyle({ CODEX_CI: "1", PATH: "" }, "/x/cc").inCodex).toBe(true);
    expect(hintStyle({ PATH: "" }, "/x/cc").inCodex).toBe(false);
  });

  test("the launch text and the unread line use it", () => {
    const job = { id: "review-k7m2qp", kind: "review", summary: "Review of the working tree" } as Job;
    const launched = renderLaunched(job, inCodex);
    expect(launched).toContain("Progress:    $cc:status review-k7m2qp");
    expect(launched).toContain("Wait for it: $cc:status review-k7m2qp --wait");
    expect(launched).toContain("Stop it:     $cc:cancel review-k7m2qp");
    expect(renderUnreadElsewhere(2, "review-k7m2qp", inCodex)).toBe(
      "2 unread results from earlier Codex sessions; the newest: `$cc:result review-k7m2qp` (`$cc:status --all` lists every job here).",
    );
  });
});

describe("progress inside Codex", () => {
  const tty = { write: () => true, isTTY: true };
  test("a terminal inside Codex is the model's: no progress unless --progress", () => {
    expect(wantsProgress(undefined, tty, { CODEX_THREAD_ID: "t" })).toBe(false);
    expect(wantsProgress(true, tty, { CODEX_THREAD_ID: "t" })).toBe(true);
    expect(wantsProgress(undefined, tty, {})).toBe(true);
    expect(wantsProgress(undefined, { write: () => true }, {})).toBe(false);
    expect(wantsProgress(false, tty, {})).toBe(false);
  });
});
