/**
 * cc status / result / cancel as a user drives them: real cc processes (from source), real SQLite,
 * background workers started through the work API. Claude is the fast stand-in (fake-claude.ts).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { closeDatabase } from "../../src/jobs/db.ts";
import { JobStore } from "../../src/jobs/store.ts";
import { bunBin, ccFromSource, repoRoot } from "../support/bins.ts";
import { describeRun, type RunResult, run, start, waitFor } from "../support/processes.ts";
import { worldPerTest } from "../support/world.ts";

const w = worldPerTest({ fakeClaude: true });
afterEach(closeDatabase);

const launcher = join(repoRoot, "test/support/job-launcher.ts");
const cc = (args: string[], extra: Record<string, string> = {}, timeoutMs = 20000) =>
  run([...ccFromSource, ...args], { cwd: w.sb.repo, env: w.env(extra), timeoutMs });

async function launch(mode: "bg" | "fg", kind: string, prompt: string, extra: Record<string, string> = {}) {
  const r = await run([bunBin, launcher, mode, kind, prompt], { cwd: w.sb.repo, env: w.env(extra), timeoutMs: 20000 });
  expect(r.code, describeRun(r)).toBe(0);
  return JSON.parse(r.stdout) as { id: string; status: string };
}

async function waitDone(id: string): Promise<void> {
  const r = await cc(["status", id, "--wait", "--timeout", "30s", "--json"], {}, 40000);
  expect(r.code, describeRun(r)).toBe(0);
}

const ok = (r: RunResult) => {
  expect(r.code, describeRun(r)).toBe(0);
  return r.stdout;
};

describe("status, session scoping and read tracking", () => {
  test("each Codex session sees its own jobs (queued ones included); --all shows the workspace", async () => {
    const a = await launch("bg", "review", "from session A", { CODEX_THREAD_ID: "thread-a" });
    const b = await launch("fg", "rescue", "from session B", { CODEX_THREAD_ID: "thread-b" });
    // A job queued a moment ago whose worker has not claimed it yet.
    const queued = new JobStore(join(w.sb.dataDir, "cc.db")).insert({
      kind: "gate",
      summary: "waiting its turn",
      workspaceRoot: w.sb.repo,
      cwd: w.sb.repo,
      codexSession: "thread-a",
      request: { prompt: "p", cwd: w.sb.repo, profile: "read-only" },
    });
    closeDatabase();
    await waitDone(a.id);
    const listA = ok(await cc(["status"], { CODEX_THREAD_ID: "thread-a" }));
    expect(listA).toContain(a.id);
    // B's job is not among A's rows; being unread, one line under the list points at it.
    expect(listA).not.toMatch(new RegExp(`^${b.id}\\s`, "m"));
    expect(listA).toContain(`1 unread result from an earlier Codex session: \`$cc:result ${b.id}\``);
    expect(listA).toContain("Jobs of this Codex session");
    expect(listA).toMatch(new RegExp(`${queued.id}\\s+gate\\s+queued`));
    const all = ok(await cc(["status", "--all"], { CODEX_THREAD_ID: "thread-a" }));
    expect(all).toContain(a.id);
    expect(all).toContain(b.id);
    const outside = JSON.parse(ok(await cc(["status", "--json"]))) as { jobs: { id: string }[] };
    expect(outside.jobs.map((j) => j.id).sort()).toEqual([a.id, b.id, queued.id].sort());
  }, 60000);

  test("result shows the newest finished job of the session, marks it read, and accepts prefixes", async () => {
    const first = await launch("fg", "rescue", "first task", { CODEX_THREAD_ID: "t" });
    const second = await launch("fg", "rescue", "second task", { CODEX_THREAD_ID: "t" });
    expect(ok(await cc(["status"], { CODEX_THREAD_ID: "t" }))).toContain("completed (unread)");
    const latest = ok(await cc(["result"], { CODEX_THREAD_ID: "t" }));
    expect(latest).toContain("answer to second task");
    expect(latest).toContain(`$cc:rescue --resume ${second.id}`);
    const prefix = first.id.slice(0, first.id.length - 2);
    const older = ok(await cc(["result", prefix], { CODEX_THREAD_ID: "t" }));
    expect(older).toContain("answer to first task");
    const json = JSON.parse(ok(await cc(["status", "--json"], { CODEX_THREAD_ID: "t" }))) as { jobs: { id: string; readAt: number | null }[] };
    expect(json.jobs.every((j) => j.readAt !== null)).toBe(true);
    expect(ok(await cc(["status"], { CODEX_THREAD_ID: "t" }))).not.toContain("unread");
    // "rescue-" matches both: an error that lists them.
    const ambiguous = await cc(["result", "rescue-"]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(first.id);
    expect(ambiguous.stderr).toContain(second.id);
    const unknown = await cc(["result", "rescue-zzzzzz"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no job");
    expect((await cc(["status", "--bogus"])).code).toBe(2);
    expect((await cc(["status", "../etc"])).code).toBe(2);
  }, 60000);

  test("--wait returns when the job ends; with a short --timeout it exits 5 and the job keeps running", async () => {
    const slow = await launch("bg", "rescue", "slow one", { CLAUDE_FAKE_DELAY: "3" });
    const early = await cc(["status", slow.id, "--wait", "--timeout", "1s"]);
    expect(early.code, describeRun(early)).toBe(5);
    expect(early.stdout).toContain("running");
    const began = Date.now();
    const waited = await cc(["status", "--wait"], {}, 30000); // the only active job
    expect(waited.code, describeRun(waited)).toBe(0);
    expect(waited.stdout).toContain("completed");
    expect(Date.now() - began).toBeLessThan(15000);
    expect(ok(await cc(["result", slow.id]))).toContain("answer to slow one");
  }, 60000);

  test("--wait right after a background job finished: names it and its result command, exit 0", async () => {
    const quick = await launch("bg", "rescue", "quick one", { CODEX_THREAD_ID: "thread-w" });
    await waitFor(() => {
      const job = new JobStore(join(w.sb.dataDir, "cc.db")).get(quick.id);
      closeDatabase();
      return job?.status === "completed";
    }, 20000);
    const waited = await cc(["status", "--wait"], { CODEX_THREAD_ID: "thread-w" });
    expect(waited.code, describeRun(waited)).toBe(0);
    expect(waited.stdout).toContain(`Nothing left to wait for: ${quick.id} (rescue) finished`);
    expect(waited.stdout).toContain(`Output: \`$cc:result ${quick.id}\``);
  }, 60000);

  test("a foreground run stopped from Codex (its process group killed) is cancelled by the user: no nudge, not an unread result", async () => {
    const session = { CODEX_THREAD_ID: "thread-fg", CLAUDE_FAKE_DELAY: "30" };
    const fg = start([...ccFromSource, "rescue", "--read-only", "a long task"], { cwd: w.sb.repo, env: w.env(session), timeoutMs: 60000 });
    const db = join(w.sb.dataDir, "cc.db");
    const running = () => {
      const jobs = existsSync(db) ? new JobStore(db).list({ workspaceRoot: w.sb.repo, codexSession: "thread-fg" }) : [];
      closeDatabase();
      return jobs.find((j) => j.status === "running" && j.claudeSession !== null) ?? null;
    };
    expect(await waitFor(() => running() !== null, 20000)).toBe(true);
    const id = running()!.id;
    fg.killGroup("SIGKILL"); // what Codex's /stop does to the command's process group
    await fg.result;
    const detail = JSON.parse(ok(await cc(["status", id, "--json"], session))).job;
    expect(detail).toMatchObject({ status: "cancelled", errorClass: "cancelled" });
    expect(detail.errorMessage).toStartWith("Cancelled by the user");
    const hook = await run([...ccFromSource, "hook", "UserPromptSubmit"], {
      cwd: w.sb.repo,
      env: w.env(),
      timeoutMs: 20000,
      stdin: JSON.stringify({ session_id: "thread-fg", hook_event_name: "UserPromptSubmit", cwd: w.sb.repo, prompt: "next" }),
    });
    expect(hook.stdout).toBe("");
    expect(ok(await cc(["status"], { CODEX_THREAD_ID: "thread-new" }))).not.toContain("unread result");
  }, 60000);

  test("cancel of a rescue inside Codex names `$cc:rescue --resume <job>`, not a terminal command", async () => {
    const slow = await launch("bg", "rescue", "slow rescue", { CODEX_THREAD_ID: "thread-c", CLAUDE_FAKE_DELAY: "30" });
    const db = join(w.sb.dataDir, "cc.db");
    expect(
      await waitFor(() => {
        const job = new JobStore(db).get(slow.id);
        closeDatabase();
        return job?.claudeSession != null;
      }, 20000),
    ).toBe(true);
    const out = ok(await cc(["cancel", slow.id], { CODEX_THREAD_ID: "thread-c" }));
    expect(out).toContain(`To continue it: \`$cc:rescue --resume ${slow.id}\``);
    expect(out).not.toContain("claude --resume");
  }, 60000);

  test("prune deletes only finished jobs that were read, with their logs", async () => {
    const read = await launch("fg", "review", "read me");
    const readLog = join(w.sb.dataDir, "logs", `${read.id}.log`);
    expect(existsSync(readLog)).toBe(true);
    const unread = await launch("fg", "review", "leave me");
    ok(await cc(["result", read.id]));
    expect((await cc(["status", "--prune"])).code).toBe(2); // needs --older-than
    const pruned = ok(await cc(["status", "--prune", "--older-than", "0s"]));
    expect(pruned).toContain(read.id);
    const all = ok(await cc(["status", "--all"]));
    expect(all).not.toContain(read.id);
    expect(all).toContain(unread.id);
    expect(existsSync(readLog)).toBe(false);
  }, 60000);
});

describe("a locked or damaged database", () => {
  test("locked: a clear error naming the file, and every job is still there afterwards", async () => {
    const job = await launch("fg", "review", "keep me");
    const db = join(w.sb.dataDir, "cc.db");
    const ready = join(w.sb.tmp, "locked");
    // Another process takes an exclusive lock and holds it (as a stuck writer would).
    const holder = start(
      [
        bunBin,
        "-e",
        `const { Database } = require("bun:sqlite"); const d = new Database(${JSON.stringify(db)}); d.exec("PRAGMA locking_mode = EXCLUSIVE"); d.exec("BEGIN EXCLUSIVE"); d.exec("UPDATE jobs SET summary = summary"); require("fs").writeFileSync(${JSON.stringify(ready)}, ""); setTimeout(() => {}, 20000);`,
      ],
      { env: w.env(), timeoutMs: 25000 },
    );
    expect(await waitFor(() => existsSync(ready), 10000)).toBe(true);
    const r = await cc(["status"], { CC_DB_BUSY_TIMEOUT_MS: "200" });
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain("locked by another process");
    expect(r.stderr).toContain(db);
    holder.killGroup();
    await holder.result;
    expect(ok(await cc(["status", job.id]))).toContain("completed");
  }, 60000);

  test("damaged: a clear error with the way out, and the file is left byte for byte", async () => {
    await launch("fg", "review", "before the damage");
    const db = join(w.sb.dataDir, "cc.db");
    const bytes = readFileSync(db);
    bytes.fill(0x41, 0, 100); // clobber the header
    writeFileSync(db, bytes);
    const r = await cc(["status"]);
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain("damaged");
    expect(r.stderr).toContain(`${db}.damaged`);
    expect(readFileSync(db).equals(bytes)).toBe(true);
  }, 30000);
});
