/**
 * Startup cost of the compiled cc: `dist/cc version`, 20 runs, against a bare Bun-compiled
 * hello-world built with the same flags. Run: `bun run bench:startup`.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { compile } from "../build/build.ts";
import { fmtMiB, fmtMs, printTable, runOnce, stats, type Sample } from "./lib.ts";

const root = resolve(import.meta.dir, "..");
const work = join(root, ".bench-tmp");
const runs = Number(process.env.BENCH_RUNS ?? 20);

mkdirSync(work, { recursive: true });
const cc = join(root, "dist/cc");
if (!existsSync(cc)) throw new Error("dist/cc is missing: run `bun run build` first");
const helloSrc = join(work, "hello.ts");
writeFileSync(helloSrc, 'process.stdout.write("hello\\n");\n');
const hello = join(work, "hello");
compile({ entry: helloSrc, outfile: hello });

function measure(argv: string[]): Sample[] {
  runOnce(argv); // warm the page cache
  return Array.from({ length: runs }, () => runOnce(argv));
}

const rows = [
  { name: "dist/cc version", samples: measure([cc, "version"]) },
  { name: "dist/cc --help", samples: measure([cc, "--help"]) },
  { name: "hello-world (bun --compile)", samples: measure([hello]) },
].map(({ name, samples }) => {
  const t = stats(samples.map((s) => s.ms));
  const m = stats(samples.map((s) => s.rssBytes));
  return [name, runs, fmtMs(t.min), fmtMs(t.median), fmtMs(t.max), fmtMiB(m.max)];
});

printTable(["binary", "runs", "min ms", "median ms", "max ms", "peak RSS MiB"], rows);
