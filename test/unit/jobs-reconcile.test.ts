/** Reconcile, id lookup and rendering, against a real SQLite file and real processes. */
import { afterEach, describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { closeDatabase } from "../../src/jobs/db.ts";
import { resolveJob, soleActiveJob } from "../../src/jobs/lookup.ts";
import { reconcile, STALE_HEARTBEAT_MS } from "../../src/jobs/reconcile.ts";
import { JobStore, type NewJob } from "../../src/jobs/store.ts";
import { parseDuration } from "../../src/lib/duration.ts";
import { CcError, UsageError } from "../../src/lib/errors.ts";
import { processStartTime } from "../../src/lib/process.ts";
import { renderJobList } from "../../src/render/job-list.ts";
import { renderGenericResult } from "../../src/render/result.ts";
import { renderJobDetail } from "../../src/render/status.ts";
import { isAlive, waitFor } from "../support/processes.ts";
import { useTempDataDir } from "../support/temp-data-dir.ts";

let n = 0;
const dataDir = useTempDataDir("cc-jobs-reconcile");
const sleepers: number[] = [];
afterEach(() => {
  for (const pid of sleepers.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
});

function freshStore(): JobStore {
  closeDatabase();
  return new JobStore(join(dataDir.root, `db${++n}`, "cc.db"));
}
const ws = { root: "/work/repo", cwd: "/work/repo", codexSession: "A" };
const sample = (over: Partial<NewJob> = {}): NewJob => ({
  kind: "rescue",
  summary: "task",
  workspaceRoot: "/work/repo",
  cwd: "/work/repo",
  codexSession: "A",
  request: { prompt: "p", cwd: "/work/repo", profile: "write" },
  ...over,
});

/** A pid that existed and is now certainly gone. */
async function deadPid(): Promise<number> {
  const child = spawn("true");
  await new Promise((r) => child.on("exit", r));
  return child.pid!;
}

function sleeper(): number {
  const child = spawn("sleep", ["30"], { stdio: "ignore" });
  sleepers.push(child.pid!);
  return child.pid!;
}

describe("reconcile", () => {
  test("a running job whose worker died becomes failed, with the reason and the resume command", async () => {
    const store = freshStore();
    const job = store.insert(sample());
    const pid = await deadPid();
    store.start(job.id, pid, "123");
    store.recordClaude(job.id, {
      claudePid: pid,
      claudeStart: "1",
      runMarker: "m",
      claudeSession: "0b5a68ab-0c1d-4e2f-8a9b-0123456789ab",
      resumeCommand: null,
    });
    expect(reconcile(store)).toEqual([job.id]);
    const after = store.get(job.id)!;
    expect(after.status).toBe("failed");
    expect(after.errorClass).toBe("worker_lost");
    expect(after.errorMessage).toContain(`pid ${pid}`);
    expect(after.resumeCommand).toBe("cd /work/repo && claude --resume 0b5a68ab-0c1d-4e2f-8a9b-0123456789ab");
    expect(reconcile(store)).toEqual([]); // once
  });

  test("a pid that now belongs to another process (start time differs) is not mistaken for the worker", () => {
    const store = freshStore();
    const job = store.insert(sample());
    store.start(job.id, process.pid, "not-our-start-time");
    reconcile(store);
    expect(store.get(job.id)!.status).toBe("failed");
    expect(store.get(job.id)!.errorMessage).toContain("another process");
  });

  test("a live worker with a fresh heartbeat is left alone; a stale heartbeat fails the job and stops the worker", async () => {
    const store = freshStore();
    const live = store.insert(sample());
    store.start(live.id, process.pid, processStartTime(process.pid));
    const wedged = store.insert(sample());
    const pid = sleeper();
    await waitFor(() => processStartTime(pid) !== null, 2000);
    store.start(wedged.id, pid, processStartTime(pid), Date.now() - STALE_HEARTBEAT_MS - 10_000);
    expect(reconcile(store)).toEqual([wedged.id]);
    expect(store.get(live.id)!.status).toBe("running");
    expect(store.get(wedged.id)!.errorMessage).toMatch(/stopped reporting \d+ s ago/);
    expect(await waitFor(() => !isAlive(pid), 3000)).toBe(true);
  });

  test("queued: a worker that died before claiming fails the job; a cancel that was asked for ends as cancelled", async () => {
    const store = freshStore();
    const queued = store.insert(sample());
    store.setLauncherPid(queued.id, await deadPid());
    const cancelling = store.insert(sample());
    store.start(cancelling.id, await deadPid(), null);
    store.requestCancel(cancelling.id);
    reconcile(store);
    expect(store.get(queued.id)!.status).toBe("failed");
    expect(store.get(queued.id)!.errorMessage).toContain("before starting");
    expect(store.get(cancelling.id)!.status).toBe("cancelled");
  });
});

describe("finding a job", () => {
  test("exact ids, unique prefixes, and errors that list the candidates", () => {
    const store = freshStore();
    const a = store.insert(sample({ kind: "review" }));
    const b = store.insert(sample({ kind: "review" }));
    const c = store.insert(sample({ kind: "gate" }));
    expect(resolveJob(store, a.id, ws).id).toBe(a.id);
    expect(resolveJob(store, c.id.slice(0, 6).toUpperCase(), ws).id).toBe(c.id);
    try {
      resolveJob(store, "review-", ws);
      throw new Error("expected ambiguity");
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).hint).toContain(a.id);
      expect((error as UsageError).hint).toContain(b.id);
    }
    expect(() => resolveJob(store, "rescue-zz", ws)).toThrow(CcError);
    expect(() => resolveJob(store, "x; rm -rf /", ws)).toThrow(UsageError);
    // A prefix from another workspace does not match; its full id does.
    const other = store.insert(sample({ workspaceRoot: "/other" }));
    expect(() => resolveJob(store, other.id.slice(0, 9), { ...ws, root: "/third" })).toThrow(/no job/);
    expect(resolveJob(store, other.id, ws).id).toBe(other.id);
  });

  test("with no id, exactly one active job is the one; several are listed", () => {
    const store = freshStore();
    const one = store.insert(sample());
    expect(soleActiveJob(store, { workspaceRoot: "/work/repo", codexSession: "A" }, "cancel").id).toBe(one.id);
    const two = store.insert(sample());
    expect(() => soleActiveJob(store, { workspaceRoot: "/work/repo", codexSession: "A" }, "cancel")).toThrow(/2 jobs are active/);
    try {
      soleActiveJob(store, { workspaceRoot: "/work/repo", codexSession: "A" }, "cancel");
    } catch (error) {
      expect((error as UsageError).hint).toContain(two.id);
    }
    expect(() => soleActiveJob(store, { workspaceRoot: "/work/repo", codexSession: "B" }, "cancel")).toThrow(/no queued or running job/);
  });
});

describe("durations and rendering", () => {
  test("durations", () => {
    expect(parseDuration("90", "--timeout")).toBe(90_000);
    expect(parseDuration("15m", "--timeout")).toBe(900_000);
    expect(parseDuration("7d", "--older-than")).toBe(604_800_000);
    expect(() => parseDuration("7 days", "--older-than")).toThrow(/not a duration/);
    expect(() => parseDuration("-1s", "--older-than")).toThrow(UsageError);
  });

  test("list, detail and generic result show what a user acts on", () => {
    const store = freshStore();
    const job = store.insert(sample({ summary: "make the tests pass" }));
    store.start(job.id, 1, null);
    store.progress(job.id, { currentTool: "Bash: bun test", toolCalls: 3, turns: 4, lastText: null, retries: 0 });
    const running = store.get(job.id)!;
    const list = renderJobList([running], { title: "Jobs", hidden: 2, style: { inCodex: false, program: "/opt/cc" } });
    expect(list).toContain(job.id);
    expect(list).toContain("running");
    expect(list).toContain("turn 4 · 3 tools · Bash: bun test");
    expect(list).toContain("2 older jobs not shown");
    store.end(job.id, ["running"], "failed", {
      errorClass: "api_error",
      errorMessage: "Claude's API failed",
      costUsd: 0.5,
      resumeCommand: "cd /work/repo && claude --resume s",
    });
    const failed = store.get(job.id)!;
    const detail = renderJobDetail(failed, { logTail: ["claude: hello"], style: { inCodex: false, program: "/opt/cc" } });
    expect(detail).toContain("Resume:");
    expect(detail).toContain("claude --resume s");
    expect(detail).toContain("Claude's API failed [api_error]");
    expect(detail).toContain("claude: hello");
    const result = renderGenericResult(failed);
    expect(result).toContain("failed: Claude's API failed");
    expect(result).toContain("Resume: cd /work/repo && claude --resume s");
  });
});
