/**
 * The README's test command (`npm test` runs it after the build), and the report `.ci/run` prints.
 *
 *   bun build/test-run.ts [--junit <file>] [bun test arguments…]   run the tests, then say what was skipped and why
 *   bun build/test-run.ts --report <junit file>…                    the ten slowest tests of these runs
 *
 * Test files run in parallel, one worker per core (`CC_TEST_PARALLEL` overrides; bun 1.4.5's
 * --parallel, each file in its own process). A test that needs
 * something this machine lacks is skipped, never failed; the run's last lines count them, say why,
 * and give the one command that would run them.
 */

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
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

async function main(argv: string[]): Promise<number> {
  if (argv[0] === "--report") {
    const cases = argv.slice(1).flatMap((file) => readJunit(readFileSync(file, "utf8")));
    console.log(slowest(cases).join("\n"));
    return 0;
  }
  let junit: string | null = null;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--junit") junit = argv[++i] ?? null;
    else rest.push(argv[i]!);
  }
  const scratch = mkdtempSync(join(tmpdir(), "cc-test-run-"));
  const report = junit ?? join(scratch, "junit.xml");
  const parallel = Number(process.env.CC_TEST_PARALLEL) || availableParallelism();
  const child = Bun.spawn(
    [process.execPath, "test", "--timeout", "120000", `--parallel=${parallel}`, "--reporter=junit", `--reporter-outfile=${report}`, ...rest],
    { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
  );
  const code = await child.exited;
  try {
    const cases = readJunit(readFileSync(report, "utf8"));
    const lines = [...(junit ? [] : slowest(cases)), ...skippedLines(cases, namePattern(rest))];
    if (lines.length) console.log(`\n${lines.join("\n")}`);
  } catch {
    /* no report: bun failed before running anything, and said why */
  }
  rmSync(scratch, { recursive: true, force: true });
  return code;
}

if (import.meta.main) process.exit(await main(process.argv.slice(2)));
