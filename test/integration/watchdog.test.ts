/**
 * No job hangs forever: a Claude stream that stalls mid-message (the mock stops sending and never
 * closes) ends as `failed: stalled` within the configured inactivity limit, in the foreground and
 * in a background worker, with the resume command and no process left; `--max-time` ends a run
 * that goes on too long. Real claude against the Messages mock; claude's own request timeout is set
 * far above the limits so only cc's watchdog can end the run.
 */
import { describe, expect, test } from "bun:test";
import { findMarkedProcesses } from "../../src/claude/cancel.ts";
import { processAlive } from "../../src/lib/process.ts";
import { reply } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../support/bins.ts";
import { sandboxTest } from "../support/os-sandbox.ts";
import { describeRun, run, waitFor } from "../support/processes.ts";
import { worldPerTest } from "../support/world.ts";

const w = worldPerTest({
  repo: { "src/app.ts": "export const answer = 41;\n" },
  changes: { "src/app.ts": "export const answer = 42;\n" },
  claude: () => reply.stall("I am looking at"),
});

const env = (extra: Record<string, string> = {}) =>
  w.sb.claudeEnv(w.claude.url, { CC_CLAUDE_BIN: claudeBin, API_TIMEOUT_MS: "300000", CC_STALL_TIMEOUT: "5s", ...extra });
const cc = (args: string[], e = env(), timeoutMs = 45000) => run([...ccFromSource, ...args], { cwd: w.sb.repo, env: e, timeoutMs });

interface JobJson {
  id: string;
  status: string;
  errorClass: string | null;
  errorMessage: string | null;
  resumeCommand: string | null;
  workerPid: number | null;
  claudePid: number | null;
  runMarker: string | null;
}

async function jobDetail(id: string, e = env()): Promise<{ job: JobJson; limits: { stallMs: number | null; maxMs: number | null } }> {
  const r = await cc(["status", id, "--json"], e);
  expect(r.code, describeRun(r)).toBe(0);
  return JSON.parse(r.stdout);
}

/** Nothing of the run is alive: not claude, not its worker, not any process carrying its marker. */
async function expectNothingLeft(job: JobJson): Promise<void> {
  expect(job.runMarker).toBeString();
  expect(await waitFor(() => findMarkedProcesses(job.runMarker!).length === 0, 5000)).toBe(true);
  if (job.claudePid !== null) expect(processAlive(job.claudePid)).toBe(false);
  if (job.workerPid !== null) expect(await waitFor(() => !processAlive(job.workerPid!), 5000)).toBe(true);
}

describe("the inactivity watchdog", () => {
  test("cc review --wait on a stalled stream ends failed: stalled within the limit, with the resume command", async () => {
    const began = Date.now();
    const r = await cc(["review", "--wait"]);
    const took = Date.now() - began;
    expect(r.code, describeRun(r)).toBe(3);
    expect(took).toBeLessThan(25000);
    expect(w.claude.requests.length, describeRun(r)).toBeGreaterThan(0);
    const id = /^— (review-[0-9a-z]+) · review · failed/m.exec(r.stdout)?.[1];
    expect(id, r.stdout).toBeString();
    expect(r.stdout).toContain("the stream stalled");
    expect(r.stdout).toMatch(/Resume: cd .* && claude --resume [0-9a-f-]{36}/);
    const { job, limits } = await jobDetail(id!);
    expect(job.status).toBe("failed");
    expect(job.errorClass).toBe("stalled");
    expect(job.errorMessage).toContain("Continue its Claude session: cd ");
    expect(limits).toEqual({ stallMs: 5000, maxMs: null });
    await expectNothingLeft(job);
    // The detail shows the reason and the watchdog's limits.
    const text = await cc(["status", id!]);
    expect(text.stdout).toMatch(/Error: +Claude sent nothing for \d+s \(the stream stalled\).*\[stalled\]/);
    expect(text.stdout).toMatch(/Watchdog: +stops after 5s without a Claude event · no time limit/);
  }, 60000);

  test("a background job on a stalled stream ends failed: stalled; its worker and claude are gone", async () => {
    const bg = await cc(["review", "--background"]);
    expect(bg.code, describeRun(bg)).toBe(0);
    const id = /Started review job (\S+) in the background/.exec(bg.stdout)?.[1];
    expect(id, bg.stdout).toBeString();
    // While it runs, the detail shows the limit and how long ago Claude last sent something.
    expect(await waitFor(async () => (await jobDetail(id!)).job.claudePid !== null, 20000, 200)).toBe(true);
    const running = await jobDetail(id!);
    if (running.job.workerPid !== null) w.killAtEnd(running.job.workerPid);
    const waited = await cc(["status", id!, "--wait", "--timeout", "30s", "--json"], env(), 45000);
    expect(waited.code, describeRun(waited)).toBe(0);
    const { job } = JSON.parse(waited.stdout) as { job: JobJson };
    expect(job.status).toBe("failed");
    expect(job.errorClass).toBe("stalled");
    expect(job.resumeCommand).toMatch(/claude --resume [0-9a-f-]{36}/);
    await expectNothingLeft({ ...job, workerPid: running.job.workerPid, claudePid: running.job.claudePid });
  }, 60000);

  sandboxTest(
    "--max-time ends a run that goes on too long as failed: timed_out",
    async () => {
      const r = await cc(["rescue", "--max-time", "3s", "look around"], env({ CC_STALL_TIMEOUT: "0" }));
      expect(r.code, describeRun(r)).toBe(3);
      expect(r.stdout).toContain("reached its time limit of 3s");
      expect(r.stdout).toMatch(/To continue it: .*\brescue --resume rescue-[0-9a-z]+/);
      const id = /^— (rescue-[0-9a-z]+) · rescue · failed/m.exec(r.stdout)?.[1];
      const { job, limits } = await jobDetail(id!);
      expect(job.errorClass).toBe("timed_out");
      expect(limits).toEqual({ stallMs: null, maxMs: 3000 });
      await expectNothingLeft(job);
    },
    60000,
  );

  test("the limits come from cc's config when neither flag nor environment sets them", async () => {
    await Bun.write(`${w.sb.dataDir}/config.json`, JSON.stringify({ stallTimeout: "4s", maxRunTime: "1h" }));
    const e = env();
    delete (e as Record<string, string | undefined>).CC_STALL_TIMEOUT;
    const r = await cc(["review", "--wait", "--json"], e);
    expect(r.code, describeRun(r)).toBe(3);
    const id = (JSON.parse(r.stdout) as { job: string }).job;
    const { job, limits } = await jobDetail(id, e);
    expect(job.errorClass).toBe("stalled");
    expect(limits).toEqual({ stallMs: 4000, maxMs: 3_600_000 });
  }, 60000);
});
