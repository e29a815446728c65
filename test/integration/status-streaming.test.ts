/**
 * `cc status --all` and `cc status --json --all` stream their rows: on the compiled binary, a
 * workspace of 100,000 jobs (each with a result text) costs at most 20 MiB more peak memory than one
 * of 10, and prints exactly what the whole list rendered at once prints.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeDatabase } from "../../src/jobs/db.ts";
import { JobStore } from "../../src/jobs/store.ts";
import { renderJobList } from "../../src/render/job-list.ts";
import { basePath, ccBinary } from "../support/bins.ts";
import { initRepo } from "../support/git.ts";
import { seedStore } from "../support/store-shapes.ts";

const MiB = 1024 * 1024;
let root = "";
let repo = "";
const saved = process.env.CC_DATA_DIR;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "cc-status-streaming-"));
  repo = realpathSync(initRepo(join(root, "repo")));
  seedStore(join(root, "small"), repo, { jobs: 10, sessions: 10, read: true }, { resultBytes: 2048 });
  seedStore(join(root, "large"), repo, { jobs: 100_000, sessions: 10, read: true }, { resultBytes: 2048 });
});

afterAll(() => {
  closeDatabase();
  if (saved === undefined) delete process.env.CC_DATA_DIR;
  else process.env.CC_DATA_DIR = saved;
  rmSync(root, { recursive: true, force: true });
});

/** stdout and the peak RSS (GNU time) of `cc status …` on one store, outside Codex. */
function status(store: "small" | "large", ...args: string[]): { out: string; rss: number } {
  const r = Bun.spawnSync(["/usr/bin/time", "-f", "%M", ccBinary(), "status", ...args], {
    cwd: repo,
    env: { PATH: basePath(), HOME: root, CC_DATA_DIR: join(root, store), NO_COLOR: "1" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const stderr = r.stderr.toString();
  expect({ exit: r.exitCode, stderr }).toMatchObject({ exit: 0 });
  return { out: r.stdout.toString(), rss: Number(stderr.trim().split("\n").at(-1)) * 1024 };
}

test("100,000 jobs add at most 20 MiB over 10 jobs, text and JSON, and print the same as the whole list at once", () => {
  const small = status("small", "--all");
  const large = status("large", "--all");
  const smallJson = status("small", "--json", "--all");
  const largeJson = status("large", "--json", "--all");
  console.log(`cc status --all: ${(small.rss / MiB).toFixed(1)} MiB with 10 jobs, ${(large.rss / MiB).toFixed(1)} MiB with 100,000`);
  console.log(`cc status --json --all: ${(smallJson.rss / MiB).toFixed(1)} MiB with 10 jobs, ${(largeJson.rss / MiB).toFixed(1)} MiB with 100,000`);

  // What the list printed at once (the renderer, given every job) prints: the same text, the same JSON.
  process.env.CC_DATA_DIR = join(root, "large");
  const jobs = new JobStore().list({ workspaceRoot: repo, codexSession: null });
  expect(jobs.length).toBe(100_000);
  const style = { inCodex: false, program: realpathSync(ccBinary()) };
  const whole = renderJobList(jobs, { title: `Jobs in ${repo}`, hidden: 0, style, now: Date.now() });
  expect(large.out.split("\n").length).toBe(whole.split("\n").length);
  expect(large.out).toBe(whole);
  // Each job as listed, with how many follow-ups it got (`cc steer`; none here).
  const listed = jobs.map((j) => ({ ...j, followUps: 0 }));
  expect(largeJson.out).toBe(`${JSON.stringify({ workspaceRoot: repo, codexSession: null, jobs: listed, hidden: 0 }, null, 2)}\n`);

  expect(large.rss - small.rss).toBeLessThanOrEqual(20 * MiB);
  expect(largeJson.rss - smallJson.rss).toBeLessThanOrEqual(20 * MiB);
}, 240_000);
