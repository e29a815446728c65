/**
 * Background jobs with real processes: many workers writing one SQLite store at once, a worker that
 * outlives the process group that started it, a worker killed with SIGKILL, and a cancel that must
 * leave no claude or tool process behind. Real claude against the Messages mock, except for the
 * 50-job test, which uses the instant stand-in.
 */

import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { findMarkedProcesses } from "../../src/claude/cancel.ts";
import { processAlive } from "../../src/lib/process.ts";
import { reply, type Script, toolSteps } from "../support/anthropic-mock.ts";
import { bunBin, ccFromSource, claudeBin, repoRoot } from "../support/bins.ts";
import { writeFakeClaude } from "../support/fake-claude.ts";
import { longBash, sleepersOf, whyNoTool } from "../support/long-tool.ts";
import { describeRun, run, start, waitFor } from "../support/processes.ts";
import { worldPerTest } from "../support/world.ts";

const w = worldPerTest();

const launcher = join(repoRoot, "test/support/job-launcher.ts");
interface Row {
  id: string;
  status: string;
  worker_pid: number | null;
  claude_pid: number | null;
  run_marker: string | null;
  claude_session: string | null;
  result_text: string | null;
}

/** Read rows straight from the database, as a separate reader would (no reconcile). */
function rows(): Row[] {
  if (!existsSync(join(w.sb.dataDir, "cc.db"))) return [];
  const db = new Database(join(w.sb.dataDir, "cc.db"), { readonly: true });
  try {
    db.exec("PRAGMA busy_timeout = 5000");
    return db.query("SELECT id, status, worker_pid, claude_pid, run_marker, claude_session, result_text FROM jobs").all() as Row[];
  } catch (error) {
    if (/no such table/.test(String(error))) return []; // created, not yet migrated
    throw error;
  } finally {
    db.close();
  }
}
const row = (id: string) => rows().find((r) => r.id === id)!;

function claudeEnv(script: Script, extra: Record<string, string> = {}) {
  return w.sb.claudeEnv(w.useClaude(script).url, { CC_CLAUDE_BIN: claudeBin, ...extra });
}

async function launchBg(env: Record<string, string>, prompt: string, profile = "read-only") {
  const r = await run([bunBin, launcher, "bg", "rescue", prompt, profile], { cwd: w.sb.repo, env, timeoutMs: 20000 });
  expect(r.code, describeRun(r)).toBe(0);
  const job = JSON.parse(r.stdout) as { id: string; status: string; workerPid: number };
  w.killAtEnd(job.workerPid);
  return job;
}

const cc = (args: string[], env: Record<string, string>, timeoutMs = 30000) => run([...ccFromSource, ...args], { cwd: w.sb.repo, env, timeoutMs });

describe("background jobs", () => {
  test("50 jobs started at once all end completed with their own result; no row lost or corrupt", async () => {
    const env = w.sb.baseEnv({ CC_CLAUDE_BIN: writeFakeClaude(w.sb.tmp) });
    const launches = await Promise.all(
      Array.from({ length: 50 }, (_, i) => run([bunBin, launcher, "bg", "rescue", `job number ${i}`], { cwd: w.sb.repo, env, timeoutMs: 60000 })),
    );
    const ids = launches.map((r) => {
      expect(r.code, describeRun(r)).toBe(0);
      return (JSON.parse(r.stdout) as { id: string }).id;
    });
    expect(new Set(ids).size).toBe(50);
    const settled = await waitFor(() => rows().filter((r) => r.status === "completed").length === 50, 90000, 250);
    const all = rows();
    expect(settled, JSON.stringify(all.filter((r) => r.status !== "completed"))).toBe(true);
    expect(all.length).toBe(50);
    for (const [i, id] of ids.entries()) expect(all.find((r) => r.id === id)!.result_text).toBe(`answer to job number ${i}`);
    expect(new Set(all.map((r) => r.claude_session)).size).toBe(50);
    const db = new Database(join(w.sb.dataDir, "cc.db"), { readonly: true });
    expect((db.query("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check).toBe("ok");
    db.close();
    const listed = await cc(["status", "--all", "--json"], env);
    expect((JSON.parse(listed.stdout) as { jobs: unknown[] }).jobs.length).toBe(50);
  }, 150000);

  test("the worker survives the kill of the starting command's whole process group", async () => {
    const text = "slow and steady wins the race";
    const env = claudeEnv(() => reply.text(text, { chunks: 10, chunkDelayMs: 300 }));
    // What Codex does: run the command in a process group and kill the group once the command returns.
    const starter = start(["sh", "-c", `${bunBin} ${launcher} bg rescue 'take your time'; sleep 30`], { cwd: w.sb.repo, env, timeoutMs: 40000 });
    expect(await waitFor(() => rows().length === 1 && row(rows()[0]!.id).worker_pid !== null, 15000)).toBe(true);
    const id = rows()[0]!.id;
    w.killAtEnd(row(id).worker_pid!);
    starter.killGroup("SIGKILL");
    await starter.result;
    const waited = await cc(["status", id, "--wait", "--timeout", "60s"], env, 70000);
    expect(waited.code, describeRun(waited)).toBe(0);
    expect(row(id).status).toBe("completed");
    expect(row(id).result_text).toBe(text);
  }, 90000);

  test("kill -9 of a worker: the next status shows failed, the reason and the resume command", async () => {
    const env = claudeEnv(() => reply.stall());
    const job = await launchBg(env, "this will hang");
    expect(await waitFor(() => row(job.id).claude_pid !== null, 20000)).toBe(true);
    const { worker_pid: workerPid, claude_pid: claudePid, claude_session: session } = row(job.id);
    process.kill(workerPid!, "SIGKILL");
    await waitFor(() => !processAlive(workerPid!), 5000);
    const status = await cc(["status", job.id], env);
    expect(status.code, describeRun(status)).toBe(0);
    expect(status.stdout).toMatch(/Status:\s+failed/);
    expect(status.stdout).toContain(`its worker (pid ${workerPid}) ended without recording a result`);
    expect(status.stdout).toContain(`claude --resume ${session}`);
    // The orphaned claude is stopped too.
    expect(await waitFor(() => !processAlive(claudePid!), 10000)).toBe(true);
  }, 60000);

  test("cancel of a running job: claude and its tool processes are gone, the job is cancelled", async () => {
    const env = claudeEnv(toolSteps([longBash(w.sb.root)], reply.text("never")));
    const job = await launchBg(env, "sleep a while", "write");
    const sleepers = sleepersOf;
    const sleeping = await waitFor(() => row(job.id).run_marker !== null && sleepers(row(job.id).run_marker!).length > 0, 30000);
    expect(sleeping, whyNoTool(w.claude)).toBe(true);
    const { worker_pid: workerPid, claude_pid: claudePid, run_marker: marker } = row(job.id);
    const shown = await cc(["status", job.id], env);
    expect(shown.stdout).toContain("Bash");
    const cancel = await cc(["cancel"], env); // the only active job
    expect(cancel.code, describeRun(cancel)).toBe(0);
    expect(cancel.stdout).toContain(`Cancelled ${job.id}`);
    expect(row(job.id).status).toBe("cancelled");
    expect(processAlive(claudePid!)).toBe(false);
    expect(findMarkedProcesses(marker!)).toEqual([]);
    expect(await waitFor(() => !processAlive(workerPid!), 5000)).toBe(true);
    const again = await cc(["cancel", job.id], env);
    expect(again.stdout).toContain("Nothing to cancel");
  }, 60000);

  test("Ctrl-C on a foreground run cancels it cleanly and records cancelled", async () => {
    const env = claudeEnv(() => reply.stall());
    const fg = start([bunBin, launcher, "fg", "review", "wait for me"], { cwd: w.sb.repo, env, timeoutMs: 30000 });
    expect(await waitFor(() => rows().length === 1 && rows()[0]!.claude_pid !== null, 20000)).toBe(true);
    const { id, claude_pid: claudePid } = rows()[0]!;
    process.kill(fg.pid, "SIGINT");
    const r = await fg.result;
    expect(r.code, describeRun(r)).toBe(0);
    expect((JSON.parse(r.stdout) as { status: string }).status).toBe("cancelled");
    expect(row(id).status).toBe("cancelled");
    expect(processAlive(claudePid!)).toBe(false);
  }, 60000);

  test("cancel with no id refuses when several jobs are active, and lists them", async () => {
    const env = claudeEnv(() => reply.stall());
    const a = await launchBg(env, "one");
    const b = await launchBg(env, "two");
    const r = await cc(["cancel"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(a.id);
    expect(r.stderr).toContain(b.id);
    for (const id of [a.id, b.id]) expect((await cc(["cancel", id], env)).code).toBe(0);
    expect(rows().map((x) => x.status)).toEqual(["cancelled", "cancelled"]);
  }, 60000);
});
