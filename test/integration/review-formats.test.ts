/**
 * `--format text|json|markdown|sarif|github` and `--fail-on`: every format is a rendering of the one
 * stored review. SARIF is validated against the official SARIF 2.1.0 schema (OASIS, errata01,
 * vendored in test/fixtures: CI has no network), annotations are parsed back the way the Actions
 * runner reads them. Real cc from source, real git, the real claude against the Messages mock.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv-draft-04";
import { type AnthropicMock, reply, type Script, startAnthropicMock } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../support/bins.ts";
import { git, writeFiles } from "../support/git.ts";
import { describeRun, type RunResult, reapAll, run } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

let sb: Sandbox;
let mock: AnthropicMock;
let script: Script;

/** Paths and text that need escaping in every format: spaces, commas, colons, percent, newlines. */
const findings = {
  verdict: "needs-attention",
  summary: "Two problems.",
  findings: [
    {
      severity: "high",
      title: "Unchecked input, 100% reachable: see here",
      body: "Line one.\nLine two, with a comma: and a colon.\r\n::error::not a command",
      file: "src/dir with space/a,b.ts",
      line_start: 3,
      line_end: 5,
      confidence: 0.9,
      recommendation: "Validate it.",
    },
    { severity: "low", title: "Naming", body: "A name.", file: "README.md", line_start: 1, line_end: 1, confidence: 0.4, recommendation: "Rename." },
  ],
  next_steps: ["Fix the high one"],
};

const schema = JSON.parse(readFileSync(join(import.meta.dir, "../fixtures/sarif-schema-2.1.0.json"), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false });
// The schema's formats, checked rather than ignored (ajv-formats is not needed for these three).
ajv.addFormat("uri", (s: string) => URL.canParse(s));
ajv.addFormat("uri-reference", (s: string) => URL.canParse(s, "file:///base/") && !/\s/.test(s));
ajv.addFormat("date-time", (s: string) => /^\d{4}-\d\d-\d\dT/.test(s) && !Number.isNaN(Date.parse(s)));
const validateSarif = ajv.compile(schema);
const expectValidSarif = (log: unknown) => {
  const ok = validateSarif(log);
  expect(validateSarif.errors ?? [], JSON.stringify(validateSarif.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
};

beforeAll(() => {
  sb = new Sandbox({ repo: { "src/app.ts": "export const answer = 41;\n", "README.md": "# demo\n" } });
  writeFiles(sb.repo, { "src/app.ts": "export const answer = 42;\n" });
  script = () => reply.structured(findings);
  mock = startAnthropicMock((req) => script(req));
});
afterEach(reapAll);
afterAll(async () => {
  await reapAll();
  await mock.close();
  sb.cleanup();
});

function cc(args: string[], cwd = sb.repo): Promise<RunResult> {
  return run([...ccFromSource, ...args], { cwd, env: { ...sb.claudeEnv(mock.url), CC_CLAUDE_BIN: claudeBin }, timeoutMs: 60000 });
}

/** The Actions runner's reading of a workflow command: `::name k=v,k=v::message`, values unescaped. */
function parseAnnotation(line: string): { command: string; props: Record<string, string>; message: string } {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescapeData = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%3A/g, ":").replace(/%2C/g, ",").replace(/%25/g, "%");
  const props: Record<string, string> = {};
  for (const pair of (m[2] ?? "").split(",").filter(Boolean)) {
    const eq = pair.indexOf("=");
    props[pair.slice(0, eq)] = unescapeData(pair.slice(eq + 1));
  }
  return { command: m[1]!, props, message: unescapeData(m[3]!) };
}

describe("review output formats", () => {
  test("--format sarif is valid SARIF 2.1.0 with each finding's file, lines and severity", async () => {
    const r = await cc(["review", "--format", "sarif"]);
    expect(r.code, describeRun(r)).toBe(0);
    const log = JSON.parse(r.stdout);
    expectValidSarif(log);
    const results = log.runs[0].results;
    expect(results).toHaveLength(2);
    expect(results[0].ruleId).toBe("cc-review/high");
    expect(results[0].level).toBe("error");
    expect(results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("src/dir%20with%20space/a%2Cb.ts");
    expect(decodeURIComponent(results[0].locations[0].physicalLocation.artifactLocation.uri)).toBe("src/dir with space/a,b.ts");
    expect(results[0].locations[0].physicalLocation.region).toEqual({ startLine: 3, endLine: 5 });
    expect(results[0].message.text).toContain("Unchecked input");
    expect(results[1].level).toBe("note");
    expect(log.runs[0].invocations[0].executionSuccessful).toBe(true);
    // The check can fail: a result without its message, or a path that is no URI, is rejected.
    const broken = structuredClone(log);
    delete broken.runs[0].results[0].message;
    expect(validateSarif(broken)).toBe(false);
    const unescaped = structuredClone(log);
    unescaped.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = "src/dir with space/a.ts";
    expect(validateSarif(unescaped)).toBe(false);
  }, 60000);

  test("--format github prints annotations the runner parses back into file, lines and message", async () => {
    const r = await cc(["review", "--format", "github"]);
    expect(r.code, describeRun(r)).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    // One line per annotation: the newlines of a finding's text cannot start a command of their own.
    expect(lines).toHaveLength(3);
    const [high, low, summary] = lines.map(parseAnnotation);
    expect(high!.command).toBe("error");
    expect(high!.props).toEqual({ file: "src/dir with space/a,b.ts", line: "3", endLine: "5", title: "[high] Unchecked input, 100% reachable: see here" });
    expect(high!.message).toContain("Line one.\nLine two, with a comma: and a colon.\r\n::error::not a command");
    expect(high!.message).toContain("Recommendation: Validate it.");
    expect(low!.command).toBe("notice");
    expect(low!.props.file).toBe("README.md");
    expect(summary!.message).toBe("Two problems.");
  }, 60000);

  test("--format markdown is a PR comment; --format json is --json; they contradict --json otherwise", async () => {
    const md = await cc(["review", "--format", "markdown"]);
    expect(md.code, describeRun(md)).toBe(0);
    expect(md.stdout).toStartWith("### Claude Code review: working tree of main");
    expect(md.stdout).toContain("**src/dir with space/a,b.ts:3-5** — Unchecked input");
    expect(md.stdout).toMatch(/<sub>cc job \S+ · /);
    const json = await cc(["review", "--format", "json"]);
    expect(JSON.parse(json.stdout)).toEqual(findings);
    const both = await cc(["review", "--json", "--format", "sarif"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--json and --format sarif contradict each other");
    const unknown = await cc(["review", "--format", "xml"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Use --format text, json, markdown, sarif, github.");
  }, 60000);

  test("--fail-on: exit 6 for a finding at or above the severity, 0 below it or without the flag, a failed review keeps 3", async () => {
    const high = await cc(["review", "--fail-on", "high"]);
    expect(high.code, describeRun(high)).toBe(6);
    expect(high.stdout).toContain("**Verdict: needs attention**");
    const critical = await cc(["review", "--fail-on", "critical", "--format", "github"]);
    expect(critical.code, describeRun(critical)).toBe(0);
    const none = await cc(["review"]);
    expect(none.code).toBe(0);
    const bad = await cc(["review", "--fail-on", "severe"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Use --fail-on critical, high, medium, low");

    script = () => reply.structured({ verdict: "maybe" });
    try {
      const failed = await cc(["review", "--fail-on", "low", "--format", "sarif"]);
      expect(failed.code, describeRun(failed)).toBe(3);
      const log = JSON.parse(failed.stdout);
      expectValidSarif(log);
      expect(log.runs[0].results).toEqual([]);
      expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
    } finally {
      script = () => reply.structured(findings);
    }
  }, 90000);

  test("cc result --format renders a background review the same way; --fail-on applies there too", async () => {
    const fg = await cc(["review", "--format", "sarif", "--wait"]);
    const bg = await cc(["review", "--background", "--json"]);
    expect(bg.code, describeRun(bg)).toBe(0);
    const id = (JSON.parse(bg.stdout) as { job: string }).job;
    const waited = await cc(["status", id, "--wait", "--timeout", "60s"]);
    expect(waited.code, describeRun(waited)).toBe(0);
    const later = await cc(["result", id, "--format", "sarif", "--fail-on", "high"]);
    expect(later.code, describeRun(later)).toBe(6);
    const [a, b] = [JSON.parse(fg.stdout), JSON.parse(later.stdout)];
    expectValidSarif(b);
    expect(b.runs[0].results).toEqual(a.runs[0].results);
    const md = await cc(["result", id, "--format", "markdown"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(`<sub>cc job ${id} · `);
  }, 90000);

  test("nothing to review: an empty, valid SARIF log and a notice", async () => {
    const clean = join(sb.root, "clean");
    git(sb.root, "clone", "-q", sb.repo, clean);
    const sarif = await cc(["review", "--format", "sarif", "--scope", "working-tree"], clean);
    expect(sarif.code, describeRun(sarif)).toBe(0);
    const log = JSON.parse(sarif.stdout);
    expectValidSarif(log);
    expect(log.runs[0].results).toEqual([]);
    const gh = await cc(["review", "--format", "github", "--scope", "working-tree"], clean);
    expect(parseAnnotation(gh.stdout.trim())).toEqual({
      command: "notice",
      props: { title: "cc review" },
      message: "Nothing to review: the working tree is clean.",
    });
  }, 60000);
});
