/**
 * The README's test command (`npm test` runs it after the build), and the report `.ci/run` prints.
 *
 *   bun build/test-run.ts [--junit <file>] [bun test arguments…]   run the tests, then say what was skipped and why
 *   bun build/test-run.ts --report <junit file>…                    the ten slowest tests of these runs
 *   bun build/test-run.ts --times <junit file>…                     write build/test-times.json from a full run
 *
 * Test files run in parallel, each in its own `bun test`, one worker per core (`CC_TEST_PARALLEL`
 * overrides), the longest first by build/test-times.json (refresh it with --times after adding a
 * long file; a file it does not list counts as long). A test that needs something this machine
 * lacks is skipped, never failed; the run's last lines count them, say why, and give the one
 * command that would run them.
 */

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { sandboxAvailability } from "../src/claude/sandbox.ts";

const root = resolve(import.meta.dir, "..");

interface TestCase {
  file: string;
  name: string;
  seconds: number;
  skipped: boolean;
}

const decodeXml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** The test cases of bun's JUnit report (attributes of each <testcase>, and whether it holds <skipped/>). */
export function readJunit(xml: string): TestCase[] {
  const cases: TestCase[] = [];
  for (const m of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const attr = (name: string) => decodeXml(new RegExp(`\\b${name}="([^"]*)"`).exec(m[1]!)?.[1] ?? "");
    const suite = attr("classname");
    cases.push({
      file: attr("file"),
      name: suite ? `${suite} > ${attr("name")}` : attr("name"),
      seconds: Number(attr("time")) || 0,
      skipped: /<skipped\b/.test(m[3] ?? ""),
    });
  }
  return cases;
}

function slowest(cases: TestCase[], n = 10): string[] {
  const ran = cases.filter((c) => !c.skipped).sort((a, b) => b.seconds - a.seconds);
  if (ran.length === 0) return [];
  return [`The ${Math.min(n, ran.length)} slowest tests:`, ...ran.slice(0, n).map((c) => `  ${c.seconds.toFixed(1).padStart(6)} s  ${c.file}: ${c.name}`)];
}

/**
 * The name pattern of bun's `-t`/`--test-name-pattern` among these arguments: bun's report marks the
 * tests it filtered out as skipped, and they were not skipped for want of anything.
 */
function namePattern(args: string[]): RegExp | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-t" || a === "--test-name-pattern") return new RegExp(args[i + 1] ?? "");
    if (a.startsWith("--test-name-pattern=")) return new RegExp(a.slice("--test-name-pattern=".length));
  }
  return null;
}

/** What was skipped, why, and the one command that runs it (tests the name pattern filtered out are not skipped). */
function skippedLines(cases: TestCase[], pattern: RegExp | null): string[] {
  const skipped = cases.filter((c) => c.skipped && (!pattern || pattern.test(c.name)));
  if (skipped.length === 0) return [];
  const sandbox = sandboxAvailability();
  const lines = [`${skipped.length} test${skipped.length === 1 ? "" : "s"} skipped:`];
  for (const c of skipped.slice(0, 20)) lines.push(`  ${c.file}: ${c.name}`);
  if (skipped.length > 20) lines.push(`  … and ${skipped.length - 20} more`);
  if (!sandbox.ok)
    lines.push(
      `The OS sandbox that write rescues need is unavailable here: ${sandbox.reason}.`,
      "To run them: npm run setup (installs bubblewrap and socat), then npm test.",
    );
  return lines;
}

/** bun test options that take a value (the value is not a file filter). */
const VALUE_FLAGS = new Set(["-t", "--test-name-pattern", "--timeout", "--rerun-each", "--preload", "--seed", "--max-concurrency"]);

/** Split bun test arguments into options (passed to every file's run) and file filters (bun's: a path or part of one). */
function splitArgs(args: string[]): { options: string[]; filters: string[] } {
  const options: string[] = [];
  const filters: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (VALUE_FLAGS.has(a)) options.push(a, args[++i] ?? "");
    else if (a.startsWith("-")) options.push(a);
    else filters.push(a);
  }
  return { options, filters };
}

/** The test files bun would run for these filters (bunfig's root is ./test). */
function testFiles(filters: string[]): string[] {
  const all = [...new Bun.Glob("test/**/*.{test,spec}.{ts,tsx,js,mjs}").scanSync({ cwd: root })].sort();
  if (filters.length === 0) return all;
  return all.filter((file) => filters.some((f) => file.includes(relative(root, resolve(f))) || file.includes(f)));
}

/** Each file's seconds in an earlier full run (build/test-times.json); a file not listed is new and may be long: it starts early. */
function estimates(): Record<string, number> {
  try {
    return JSON.parse(readFileSync(join(root, "build", "test-times.json"), "utf8"));
  } catch {
    return {};
  }
}
const NEW_FILE_SECONDS = 20;

interface FileRun {
  file: string;
  code: number;
  output: string;
  junit: string;
}

/** One test file in its own `bun test`, its output kept whole to print when it ends (never interleaved). */
async function runFile(file: string, options: string[], scratch: string, n: number): Promise<FileRun> {
  const junit = join(scratch, `${n}.xml`);
  const child = Bun.spawn([process.execPath, "test", "--timeout", "120000", "--reporter=junit", `--reporter-outfile=${junit}`, ...options, `./${file}`], {
    cwd: root,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  return { file, code, output: out + err, junit };
}

const COUNT = /^ *(\d+) (pass|fail|skip|todo)$/;

/**
 * Run the files `parallel` at a time, the longest first (by the earlier run's times), so that no
 * long file starts last while the other workers sit idle (bun's own --parallel takes the files in
 * path order). Prints each file's output as it ends and bun's summary lines for the whole run.
 */
async function runAll(files: string[], options: string[], parallel: number, scratch: string): Promise<{ code: number; junits: string[] }> {
  const seconds = estimates();
  const queue = [...files].sort((a, b) => (seconds[b] ?? NEW_FILE_SECONDS) - (seconds[a] ?? NEW_FILE_SECONDS));
  const counts: Record<string, number> = { pass: 0, fail: 0, skip: 0, todo: 0 };
  const junits: string[] = [];
  let crashed = 0;
  let tests = 0;
  const began = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const n = next++;
      const r = await runFile(queue[n]!, options, scratch, n);
      const lines = r.output.split("\n");
      let fileCounts = 0;
      const shown = lines.filter((line) => {
        const m = COUNT.exec(line);
        if (m) {
          counts[m[2]!]! += Number(m[1]);
          fileCounts += Number(m[1]);
          return false;
        }
        return !/^bun test v|^ *\d+ expect\(\) calls$|^Ran \d+ tests? across|^error: regex .* matched 0 tests\./.test(line);
      });
      tests += fileCounts;
      // A file that failed without a failed test (a crash, an error outside a test) still fails the run;
      // one in which a name pattern matched nothing does not (the run as a whole must match some).
      const unmatched = lines.some((l) => /^error: regex .* matched 0 tests\./.test(l));
      if (r.code !== 0 && !unmatched && !lines.some((l) => /^ *[1-9]\d* fail$/.test(l))) {
        crashed++;
        shown.push(`${r.file}: bun test exited ${r.code} without a failed test`);
      }
      const text = shown.join("\n").trim();
      if (text !== `${r.file}:`) process.stderr.write(`${text}\n\n`);
      if (existsSync(r.junit)) junits.push(r.junit);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, queue.length)) }, worker));
  if (tests === 0 && namePattern(options)) {
    process.stderr.write(`no test matches ${namePattern(options)}\n`);
    crashed++;
  }
  counts.fail! += crashed;
  const summary = Object.entries(counts)
    .filter(([k, v]) => v > 0 || k === "pass" || k === "fail")
    .map(([k, v]) => ` ${v} ${k}`);
  const wall = ((performance.now() - began) / 1000).toFixed(2);
  process.stderr.write(
    `${summary.join("\n")}\nRan ${tests} test${tests === 1 ? "" : "s"} across ${files.length} file${files.length === 1 ? "" : "s"}, ${parallel} at a time. [${wall}s]\n`,
  );
  return { code: counts.fail! > 0 ? 1 : 0, junits };
}

/** The testcases of several bun JUnit reports as one report. */
function mergeJunit(files: string[]): string {
  const suites = files.map((f) =>
    readFileSync(f, "utf8")
      .replace(/^[\s\S]*?<testsuites\b[^>]*>/, "")
      .replace(/<\/testsuites>\s*$/, ""),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bun test">${suites.join("")}</testsuites>\n`;
}

/** build/test-times.json from JUnit reports: each file's seconds, the order of the next run. */
function times(reports: string[]): string {
  const seconds: Record<string, number> = {};
  for (const c of reports.flatMap((file) => readJunit(readFileSync(file, "utf8")))) {
    const file = c.file.startsWith("test/") ? c.file : `test/${c.file}`;
    seconds[file] = Math.round(((seconds[file] ?? 0) + c.seconds) * 10) / 10;
  }
  return `${JSON.stringify(Object.fromEntries(Object.entries(seconds).sort(([a], [b]) => a.localeCompare(b))), null, 2)}\n`;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "--report") {
    const cases = argv.slice(1).flatMap((file) => readJunit(readFileSync(file, "utf8")));
    console.log(slowest(cases).join("\n"));
    return 0;
  }
  if (argv[0] === "--times") {
    writeFileSync(join(root, "build", "test-times.json"), times(argv.slice(1)));
    return 0;
  }
  let junit: string | null = null;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--junit") junit = argv[++i] ?? null;
    else rest.push(argv[i]!);
  }
  const { options, filters } = splitArgs(rest);
  const files = testFiles(filters);
  if (files.length === 0) {
    console.error(`no test files match ${filters.join(" ")}`);
    return 1;
  }
  const scratch = mkdtempSync(join(tmpdir(), "cc-test-run-"));
  const parallel = Number(process.env.CC_TEST_PARALLEL) || availableParallelism();
  const { code, junits } = await runAll(files, options, parallel, scratch);
  const merged = mergeJunit(junits);
  if (junit) writeFileSync(junit, merged);
  const cases = readJunit(merged);
  const lines = [...(junit ? [] : slowest(cases)), ...skippedLines(cases, namePattern(options))];
  if (lines.length) console.log(`\n${lines.join("\n")}`);
  rmSync(scratch, { recursive: true, force: true });
  return code;
}

if (import.meta.main) process.exit(await main(process.argv.slice(2)));
