/** The job store against real SQLite files: schema, permissions, conditional transitions, damage. */

import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { closeDatabase, SCHEMA_VERSION } from "../../src/jobs/db.ts";
import { JobStore, type NewJob } from "../../src/jobs/store.ts";
import { CcError } from "../../src/lib/errors.ts";
import { useTempDataDir } from "../support/temp-data-dir.ts";

const dataDir = useTempDataDir("cc-jobs-store");

let n = 0;
/** A fresh database file per test (the store caches one connection per process). */
function freshStore(): JobStore {
  closeDatabase();
  return new JobStore(join(dataDir.root, `db${++n}`, "cc.db"));
}

const sampleJob = (over: Partial<NewJob> = {}): NewJob => ({
  kind: "rescue",
  summary: "fix the flaky test",
  workspaceRoot: "/work/repo",
  cwd: "/work/repo",
  codexSession: "thread-a",
  request: { prompt: "fix it", cwd: "/work/repo", profile: "write" },
  ...over,
});

describe("opening", () => {
  test("creates the data dir 0700 and the database 0600, in WAL mode, at the current schema", () => {
    const store = freshStore();
    expect(statSync(join(store.path, "..")).mode & 0o777).toBe(0o700);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect((store.db.query("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode).toBe("wal");
    expect((store.db.query("PRAGMA user_version").get() as { user_version: number }).user_version).toBe(SCHEMA_VERSION);
    expect(Number((store.db.query("PRAGMA busy_timeout").get() as Record<string, number>).timeout)).toBeGreaterThan(0);
  });

  test("a database from a newer cc is refused and left as it is", () => {
    const path = freshStore().path;
    closeDatabase();
    const raw = new Database(path);
    raw.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 7}`);
    raw.close();
    const before = readFileSync(path);
    expect(() => new JobStore(path)).toThrow(/newer cc/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  test("a damaged file is reported with the fix, and not touched", () => {
    closeDatabase();
    const path = join(dataDir.root, "damaged", "cc.db");
    mkdirSync(join(dataDir.root, "damaged"));
    const garbage = Buffer.from("this is not an SQLite database, just some bytes ".repeat(200));
    writeFileSync(path, garbage);
    let error: unknown;
    try {
      new JobStore(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CcError);
    expect((error as CcError).message).toContain("damaged");
    expect((error as CcError).hint).toContain(`${path}.damaged`);
    expect(readFileSync(path).equals(garbage)).toBe(true);
  });
});

describe("transitions", () => {
  test("a job is claimed once: the second start loses", () => {
    const store = freshStore();
    const job = store.insert(sampleJob());
    expect(job.status).toBe("queued");
    expect(job.id).toMatch(/^rescue-[2-9a-z]{6}$/);
    expect(store.start(job.id, 111, "t1")).toBe(true);
    expect(store.start(job.id, 222, "t2")).toBe(false);
    expect(store.get(job.id)!.workerPid).toBe(111);
  });

  test("a finished job never changes status again (no resurrection of a cancelled job)", () => {
    const store = freshStore();
    const job = store.insert(sampleJob());
    store.start(job.id, 1, null);
    expect(store.end(job.id, ["queued", "running"], "cancelled", { errorClass: "cancelled", errorMessage: "Cancelled by the user." })).toBe(true);
    // The worker's late write of its result loses.
    expect(store.end(job.id, ["running"], "completed", { resultText: "late" })).toBe(false);
    expect(store.start(job.id, 2, null)).toBe(false);
    expect(store.requestCancel(job.id)).toBe(false);
    const final = store.get(job.id)!;
    expect(final.status).toBe("cancelled");
    expect(final.resultText).toBeNull();
  });

  test("the result, structured output, cost and summary land with the final status", () => {
    const store = freshStore();
    const job = store.insert(sampleJob({ kindInput: { snapshot: "abc" } }));
    store.start(job.id, 1, null);
    store.recordClaude(job.id, { claudePid: 5, claudeStart: "9", runMarker: "m", claudeSession: "s-1", resumeCommand: "cd /work/repo && claude --resume s-1" });
    store.progress(job.id, { currentTool: "Read a.ts", toolCalls: 1, turns: 2, lastText: "looking", retries: 0 });
    expect(store.get(job.id)!.progress?.currentTool).toBe("Read a.ts");
    store.end(job.id, ["running"], "completed", {
      resultText: "done",
      structuredOutput: { verdict: "ok" },
      kindOutput: { files: ["a.ts"] },
      costUsd: 0.25,
      turns: 3,
      summary: "Fixed",
    });
    const final = store.get(job.id)!;
    expect(final).toMatchObject({
      status: "completed",
      resultText: "done",
      structuredOutput: { verdict: "ok" },
      kindOutput: { files: ["a.ts"] },
      kindInput: { snapshot: "abc" },
      costUsd: 0.25,
      summary: "Fixed",
      claudeSession: "s-1",
    });
    expect(final.finishedAt).toBeNumber();
    expect(store.request(job.id)).toEqual({ prompt: "fix it", cwd: "/work/repo", profile: "write" });
  });

  test("a row cc cannot read is reported by id instead of crashing the listing", () => {
    const store = freshStore();
    const job = store.insert(sampleJob());
    store.db.query("UPDATE jobs SET kind = 'mystery' WHERE id = ?").run(job.id);
    expect(() => store.get(job.id)).toThrow(new RegExp(`job ${job.id} .* is unreadable`));
  });
});

describe("listing and pruning", () => {
  test("scopes: a Codex session's jobs, or the whole workspace; newest first", () => {
    const store = freshStore();
    const a1 = store.insert(sampleJob({ codexSession: "A" }), 1000);
    const b1 = store.insert(sampleJob({ codexSession: "B" }), 2000);
    const a2 = store.insert(sampleJob({ codexSession: "A" }), 3000);
    store.insert(sampleJob({ codexSession: "A", workspaceRoot: "/elsewhere" }), 4000);
    expect(store.list({ workspaceRoot: "/work/repo", codexSession: "A" }).map((j) => j.id)).toEqual([a2.id, a1.id]);
    expect(store.list({ workspaceRoot: "/work/repo", codexSession: null }).map((j) => j.id)).toEqual([a2.id, b1.id, a1.id]);
    expect(store.count({ workspaceRoot: "/work/repo", codexSession: null })).toBe(3);
  });

  test("prune removes only finished jobs that were read and are old enough", () => {
    const store = freshStore();
    const mk = (status: "running" | "completed", read: boolean, finishedAt: number) => {
      const j = store.insert(sampleJob());
      store.start(j.id, 1, null);
      if (status === "completed") store.end(j.id, ["running"], "completed", { resultText: "x" }, finishedAt);
      if (read) store.markRead(j.id);
      return j.id;
    };
    const oldRead = mk("completed", true, 1_000);
    const oldUnread = mk("completed", false, 1_000);
    const newRead = mk("completed", true, 90_000);
    const running = mk("running", false, 0);
    const removed = store.prune({ workspaceRoot: "/work/repo" }, 50_000);
    expect(removed.map((r) => r.id)).toEqual([oldRead]);
    for (const id of [oldUnread, newRead, running]) expect(store.get(id)).not.toBeNull();
    expect(store.get(oldRead)).toBeNull();
  });
});
