/**
 * SessionEnd under Codex 0.169–0.171 (issue 25): the daemon runs it ~60 s after the person leaves a
 * session, or at once when `codex resume` re-attaches it. With sessionEndJobs "cancel", a re-attach
 * cancels nothing; a real end does, and the resumed session is told, once.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runHook } from "../../src/hooks/dispatch.ts";
import { readRolloutSource } from "../../src/hooks/origin.ts";
import { closeDatabase } from "../../src/jobs/db.ts";
import { JobStore } from "../../src/jobs/store.ts";

let dir: string;
const saved = process.env.CC_DATA_DIR;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-session-end-"));
  process.env.CC_DATA_DIR = join(dir, "data");
  mkdirSync(process.env.CC_DATA_DIR, { recursive: true });
  writeFileSync(join(process.env.CC_DATA_DIR, "config.json"), JSON.stringify({ sessionEndJobs: "cancel" }));
});
afterAll(() => {
  closeDatabase();
  if (saved === undefined) delete process.env.CC_DATA_DIR;
  else process.env.CC_DATA_DIR = saved;
  rmSync(dir, { recursive: true, force: true });
});

/** A rollout as Codex 0.171's TUI writes it: `source: vscode`, `originator: codex-tui`. */
function rollout(name: string, ageMs: number): string {
  const path = join(dir, `${name}.jsonl`);
  writeFileSync(
    path,
    `${JSON.stringify({ type: "session_meta", payload: { id: name, originator: "codex-tui", source: "vscode", cli_version: "0.171.0" } })}\n`,
  );
  const at = (Date.now() - ageMs) / 1000;
  utimesSync(path, at, at);
  return path;
}

function queuedJob(session: string): string {
  const store = new JobStore();
  return store.insert({
    kind: "rescue",
    summary: "a long task",
    workspaceRoot: dir,
    cwd: dir,
    codexSession: session,
    request: { prompt: "p", cwd: dir, profile: "write" },
  }).id;
}

const hook = (event: string, body: Record<string, unknown>) => runHook(event, JSON.stringify({ hook_event_name: event, cwd: dir, ...body }));
const statusOf = (id: string) => new JobStore().get(id)!.status;

describe("SessionEnd with sessionEndJobs: cancel", () => {
  test("Codex 0.171's TUI is read as the TUI (originator codex-tui), not as an editor", () => {
    expect(readRolloutSource(rollout("origin", 0))).toBe("cli");
  });

  test("a SessionEnd right after the session's last write is `codex resume` re-attaching it: nothing is cancelled", async () => {
    const id = queuedJob("resumed");
    await hook("SessionEnd", { session_id: "resumed", transcript_path: rollout("resumed", 5_000), reason: "other" });
    expect(statusOf(id)).toBe("queued");
  });

  test("a SessionEnd a minute after the person left (/quit, /new, closed terminal) cancels; the resumed session is told once", async () => {
    const path = rollout("left", 61_000);
    const id = queuedJob("left");
    await hook("SessionEnd", { session_id: "left", transcript_path: path, reason: "other" });
    expect(statusOf(id)).toBe("cancelled");
    const told = await hook("SessionStart", { session_id: "left", transcript_path: path, source: "resume" });
    expect(told).toContain(`cc: cancelled when this session ended (sessionEndJobs is \\"cancel\\"): ${id}`);
    expect(await hook("SessionStart", { session_id: "left", transcript_path: path, source: "resume" })).toBe("");
  });
});
