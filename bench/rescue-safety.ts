/**
 * What containment adds to a rescue's wall time, on this repository (its tracked files) and on a
 * generated 20,000-file repository: the same scripted rescue (one Bash edit, then an answer) through
 * the real claude and the Messages mock, with the sandbox (the default) and with --no-sandbox; and
 * the snapshot on its own (record before the run + read the state after it), timed in-process,
 * which is what a rescue without a snapshot would save.
 * Run: `bun run bench:rescue-safety` (BENCH_RUNS=5 by default).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { deleteSnapshot, readRepoState, recordSnapshot } from "../src/rescue/snapshot.ts";
import { reply, startAnthropicMock, toolSteps } from "../test/support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../test/support/bins.ts";
import { git } from "../test/support/git.ts";
import { Sandbox } from "../test/support/sandbox.ts";
import { fmtMs, printTable, stats } from "./lib.ts";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const root = resolve(import.meta.dir, "..");

function commitAll(repo: string): void {
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "bench fixture");
}

function thisRepository(dir: string): string {
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  const tar = Bun.spawnSync(["sh", "-c", `git -C '${root}' archive HEAD | tar -x -C '${dir}'`]);
  if (tar.exitCode !== 0) throw new Error(tar.stderr.toString());
  commitAll(dir);
  return dir;
}

function twentyThousandFiles(dir: string): string {
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  for (let d = 0; d < 200; d++) {
    mkdirSync(join(dir, `pkg${d}`));
    for (let f = 0; f < 100; f++) writeFileSync(join(dir, `pkg${d}`, `file${f}.ts`), `export const v${d}_${f} = ${d * 100 + f};\n`);
  }
  writeFileSync(join(dir, "README.md"), "fixture\n");
  commitAll(dir);
  return dir;
}

const sb = new Sandbox({ repo: false });
const mock = startAnthropicMock(toolSteps([reply.tool("Bash", { command: "echo edited >> README.md", description: "edit" })], reply.text("done")));
const env = sb.claudeEnv(mock.url, { CC_CLAUDE_BIN: claudeBin, CODEX_THREAD_ID: "bench" });

/** One rescue: wall time and CPU time (user + system of cc and everything it waited for). */
async function rescue(repo: string, extra: string[]): Promise<{ wallMs: number; cpuMs: number }> {
  const began = performance.now();
  const child = Bun.spawn([...ccFromSource, "rescue", "--json", ...extra, "append a line"], {
    cwd: repo,
    env,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 120000);
  const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  clearTimeout(timer);
  const wallMs = performance.now() - began;
  if (code !== 0) throw new Error(`rescue failed: ${stderr}`);
  const usage = child.resourceUsage();
  const cpuMs = usage ? Number(usage.cpuTime.user + usage.cpuTime.system) / 1000 : NaN;
  git(repo, "checkout", "-q", "--", "README.md");
  for (const ref of git(repo, "for-each-ref", "--format=%(refname)", "refs/cc").split("\n").filter(Boolean)) git(repo, "update-ref", "-d", ref);
  return { wallMs, cpuMs };
}

function snapshotMs(repo: string): number {
  const began = performance.now();
  const snap = recordSnapshot(repo);
  readRepoState(repo);
  const ms = performance.now() - began;
  deleteSnapshot(repo, snap.id);
  return ms;
}

const rows: (string | number)[][] = [];
try {
  for (const [label, make] of [
    ["this repository", thisRepository],
    ["20,000 files", twentyThousandFiles],
  ] as const) {
    const repo = make(join(sb.root, label.replace(/\W+/g, "-")));
    const files = git(repo, "ls-files").split("\n").filter(Boolean).length;
    await rescue(repo, []); // warm caches (git index, claude binary)
    const sandboxed: { wallMs: number; cpuMs: number }[] = [];
    const bare: { wallMs: number; cpuMs: number }[] = [];
    const snap: number[] = [];
    for (let i = 0; i < runs; i++) {
      sandboxed.push(await rescue(repo, []));
      bare.push(await rescue(repo, ["--no-sandbox"]));
      snap.push(snapshotMs(repo));
    }
    const med = (xs: number[]) => stats(xs).median;
    const [sw, bw, sc, bc, n] = [
      med(sandboxed.map((x) => x.wallMs)),
      med(bare.map((x) => x.wallMs)),
      med(sandboxed.map((x) => x.cpuMs)),
      med(bare.map((x) => x.cpuMs)),
      med(snap),
    ];
    rows.push([
      `${label} (${files} files)`,
      `${fmtMs(sw)} / ${fmtMs(sc)}`,
      `${fmtMs(bw)} / ${fmtMs(bc)}`,
      `${fmtMs(sw - bw)} / ${fmtMs(sc - bc)}`,
      fmtMs(n),
      fmtMs(bw - n),
    ]);
  }
} finally {
  await mock.close();
  sb.cleanup();
}
console.log(`cc rescue, one Bash edit + answer, real claude against the mock; median of ${runs} runs, wall ms / CPU ms (user+sys of cc and its children)\n`);
printTable(
  ["repository", "sandbox + snapshot", "--no-sandbox + snapshot", "sandbox adds", "snapshot alone (wall, before+after)", "neither (wall, estimate)"],
  rows,
);
