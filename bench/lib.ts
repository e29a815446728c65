/**
 * Helpers shared by the benchmarks: the floor binary, round-robin timing with peak memory, the
 * seeded store shapes, and printing a table. Every figure a benchmark prints sits next to figures
 * measured in the same run (the Bun floor, `cc version`): the machine is shared, so only same-run
 * ratios are comparable, and medians of many runs.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../build/build.ts";

export interface Sample {
  ms: number;
  rssBytes: number;
  /** User + system CPU time of the child (less disturbed by other load than wall time). */
  cpuMs?: number;
}

export function runOnce(argv: string[], env?: Record<string, string>): Sample {
  const began = performance.now();
  const r = Bun.spawnSync(argv, { stdout: "ignore", stderr: "pipe", ...(env ? { env } : {}) });
  const ms = performance.now() - began;
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} exited ${r.exitCode}: ${r.stderr.toString()}`);
  return { ms, rssBytes: r.resourceUsage?.maxRSS ?? 0, cpuMs: Number(r.resourceUsage?.cpuTime.total ?? 0) / 1000 };
}

/**
 * The floor: a Bun-compiled `console.log("hi")`, built with cc's own flags. (`process.stdout.write`
 * is not the floor: it loads Node's stream machinery, +8–10 ms and +8 MiB.)
 */
export const compileFloor = (work: string): string => compileProgram(work, "floor", 'console.log("hi");\n');

/** `source` compiled as `<work>/<name>` with cc's own flags; its path. */
function compileProgram(work: string, name: string, source: string): string {
  mkdirSync(work, { recursive: true });
  const src = join(work, `${name}.ts`);
  writeFileSync(src, source);
  const out = join(work, name);
  compile({ entry: src, outfile: out });
  return out;
}

/**
 * The least any `cc status` can do, as a bare Bun program compiled like cc: check that the store
 * and its directory are the user's own and private and find the repository beside cwd (Bun's file
 * calls: one round on its thread pool), open SQLite, read the session's newest 20 rows with one
 * indexed query and print them. What cc adds (the reconcile probe, counts, other sessions' unread
 * results, follow-ups, the table) is measured against it.
 */
export function compileStatusFloor(work: string): string {
  return compileProgram(
    work,
    "status-floor",
    `import { Database } from "bun:sqlite";
const dir = process.env.CC_DATA_DIR!;
const cwd = process.cwd();
const [db, d, here, git, head, config] = await Promise.all([
  Bun.file(dir + "/cc.db").stat(), Bun.file(dir).stat(), Bun.file(cwd).stat(),
  Bun.file(cwd + "/.git").stat(), Bun.file(cwd + "/.git/HEAD").stat(), Bun.file(cwd + "/.git/config").text(),
]);
const uid = process.getuid!();
if (db.uid !== uid || d.uid !== uid || db.mode & 0o077 || d.mode & 0o077 || !git.isDirectory() || !head.isFile() || here.dev !== git.dev || config.includes("worktree"))
  throw new Error("not the common case");
const rows = new Database(dir + "/cc.db", { readwrite: true, create: false })
  .query("SELECT id, kind, status, summary FROM jobs WHERE codex_session = ? AND workspace_root = ? ORDER BY created_at DESC, id LIMIT 20")
  .all(process.env.CODEX_THREAD_ID ?? null, cwd) as { id: string; kind: string; status: string; summary: string }[];
let out = "";
for (const r of rows) out += r.id + "  " + r.kind + "  " + r.status + "  " + r.summary + "\\n";
console.log(out);
`,
  );
}

export interface Case {
  name: string;
  argv: string[];
  stdin?: string;
  env?: Record<string, string>;
  cwd?: string;
  /** Run before every measured run (re-arm a fixture); not timed. */
  before?: () => void;
}

export interface Measured {
  name: string;
  samples: Required<Sample>[];
}

/**
 * Wall time, CPU time and peak RSS (the kernel's, of the same run) of each case, `runs` times,
 * round-robin so that load from elsewhere on the machine hits all cases alike. Runs through
 * `sh -c` when `shell` is set: the way Codex runs a hook command.
 */
export function measureAll(cases: Case[], runs: number, opts: { shell?: boolean } = {}): Measured[] {
  const spawn = (c: Case, prefix: string[]) => {
    c.before?.();
    const argv = [...prefix, ...(opts.shell ? ["/bin/sh", "-c", `exec ${c.argv.map(shellQuote).join(" ")}`] : c.argv)];
    const began = performance.now();
    const r = Bun.spawnSync(argv, {
      stdin: c.stdin === undefined ? "ignore" : Buffer.from(c.stdin),
      stdout: "pipe",
      stderr: "pipe",
      ...(c.env ? { env: c.env } : {}),
      ...(c.cwd ? { cwd: c.cwd } : {}),
    });
    const ms = performance.now() - began;
    if (r.exitCode !== 0) throw new Error(`${c.name}: ${c.argv.join(" ")} exited ${r.exitCode}: ${r.stderr.toString()}`);
    return { ms, r };
  };
  // Bun's resourceUsage().maxRSS is the largest of all children so far: GNU time measures each run's
  // own peak, in a run of its own (its start-up would skew the clock).
  const peak = (c: Case): number => {
    const { r } = spawn(c, ["/usr/bin/time", "-f", "%M"]);
    return Number(r.stderr.toString().trim().split("\n").at(-1)) * 1024;
  };
  const one = (c: Case): Required<Sample> => {
    const { ms, r } = spawn(c, []);
    return { ms, rssBytes: peak(c), cpuMs: Number(r.resourceUsage?.cpuTime.total ?? 0) / 1000 };
  };
  if (!existsSync("/usr/bin/time")) throw new Error("the benchmarks need GNU time (/usr/bin/time) for peak memory: apt-get install time");
  // Peak RSS counts the executable's pages that are in the page cache around each page it touches
  // (the kernel maps them with it): right after `bun build` or a copy, every page of the file is
  // cached and the same hook measured 34.3, 33.1 or, after the eviction below and two runs, 28.0 MiB,
  // while the floor moved 23.5 → 19.1. So every executable starts evicted (GNU dd; elsewhere it stays
  // as it is; `sync` first: a file just written keeps its dirty pages) and is warmed by the same
  // runs: the pages a run reads, as for a cc that has run before.
  Bun.spawnSync(["sync"]);
  for (const file of new Set(cases.map((c) => c.argv[0]!))) {
    if (file.startsWith("/")) Bun.spawnSync(["dd", `if=${file}`, "iflag=nocache", "count=0", "status=none"], { stderr: "ignore" });
  }
  for (let warm = 0; warm < 2; warm++) for (const c of cases) spawn(c, []); // warm the page cache, migrate once
  const samples = cases.map(() => [] as Required<Sample>[]);
  for (let i = 0; i < runs; i++) {
    for (const [k, c] of cases.entries()) samples[k]!.push(one(c));
  }
  return cases.map((c, k) => ({ name: c.name, samples: samples[k]! }));
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

export function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)! };
}

export const median = (values: number[]) => stats(values).median;

/**
 * Rows of the comparison table: each case's wall time (min and median), median CPU time and median
 * peak RSS, as ratios to the floor's and MiB over the floor's (and to `cc version`'s, when one of
 * the cases is it). On a loaded machine the CPU ratio is the steadier one: wall time adds whatever
 * the scheduler makes a run wait.
 */
export function comparisonRows(measured: Measured[], floorName: string, versionName?: string): (string | number)[][] {
  const find = (name: string | undefined) => measured.find((m) => m.name === name);
  const floor = find(floorName)!;
  const version = find(versionName);
  const ms = (m: Measured) => median(m.samples.map((s) => s.ms));
  const cpu = (m: Measured) => median(m.samples.map((s) => s.cpuMs));
  const rss = (m: Measured) => median(m.samples.map((s) => s.rssBytes));
  const over = (a: number, b: number) => `${a >= b ? "+" : ""}${fmtMiB(a - b)}`;
  return measured.map((m) => [
    m.name,
    m.samples.length,
    fmtMs(stats(m.samples.map((s) => s.ms)).min),
    fmtMs(ms(m)),
    fmtMs(cpu(m)),
    fmtMiB(rss(m)),
    (ms(m) / ms(floor)).toFixed(2),
    (cpu(m) / cpu(floor)).toFixed(2),
    over(rss(m), rss(floor)),
    ...(version ? [(ms(m) / ms(version)).toFixed(2), (cpu(m) / cpu(version)).toFixed(2), over(rss(m), rss(version))] : []),
  ]);
}

export const COMPARISON_HEADERS = ["what", "runs", "min ms", "median ms", "CPU ms", "peak RSS MiB", "× floor", "× floor CPU", "MiB over floor"];
/** The names of the same-run baselines in every table. */
export const FLOOR = 'floor: console.log("hi") (bun --compile)';
export const VERSION = "cc version";
export const STATUS_FLOOR = "bare Bun: the store's checks + .git + one SQLite query (the least a status does)";

export const VERSION_HEADERS = ["× version", "× version CPU", "MiB over version"];

export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of cells.slice(1)) console.log(line(r));
}

export const fmtMs = (ms: number) => ms.toFixed(1);
export const fmtMiB = (bytes: number) => (bytes / 1048576).toFixed(1);
