/**
 * cc's GitHub Action: `action.yml` is well-formed (every input, output and step it refers to
 * exists), and its script part (action/review.sh) installs the pinned release from a loopback
 * release server (the one the `cc update` tests use), checksum-checked, and reviews pull request 7
 * of a local bare `origin` with the real claude against the Messages mock.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pkg from "../../package.json" with { type: "json" };
import { type AnthropicMock, reply, startAnthropicMock } from "../support/anthropic-mock.ts";
import { claudeBin, repoRoot } from "../support/bins.ts";
import { git, writeFiles } from "../support/git.ts";
import { describeRun, type RunResult, reapAll, run } from "../support/processes.ts";
import { type ReleaseServer, startReleaseServer } from "../support/release-server.ts";
import { build, hostTarget } from "../support/releases.ts";
import { Sandbox } from "../support/sandbox.ts";

const actionText = readFileSync(join(repoRoot, "action.yml"), "utf8");
const action = Bun.YAML.parse(actionText) as {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: {
    using: string;
    steps: {
      name: string;
      id?: string;
      if?: string;
      shell?: string;
      run?: string;
      uses?: string;
      env?: Record<string, string>;
      with?: Record<string, string>;
    }[];
  };
};

describe("action.yml", () => {
  test("is a composite action whose steps, inputs and outputs all refer to things that exist", () => {
    expect(action.name).toBeString();
    expect(action.description.length).toBeGreaterThan(10);
    expect(action.runs.using).toBe("composite");
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeString();
      if (input.default !== undefined) expect(typeof input.default, name).toBe("string");
    }
    expect(action.inputs["anthropic-api-key"]!.required).toBe(true);
    for (const name of ["base", "model", "effort", "fail-on", "focus", "format", "pr", "version"]) expect(Object.keys(action.inputs)).toContain(name);
    // Every ${{ inputs.x }} and ${{ steps.y.outputs.z }} names a declared input, step and output.
    const ids = new Set(action.runs.steps.map((s) => s.id).filter(Boolean));
    for (const m of actionText.matchAll(/inputs\.([a-z0-9-]+)/g)) expect(Object.keys(action.inputs), m[0]).toContain(m[1]!);
    const script = readFileSync(join(repoRoot, "action/review.sh"), "utf8");
    for (const m of actionText.matchAll(/steps\.([a-z0-9-]+)\.outputs\.([a-z0-9-]+)/g)) {
      expect(ids.has(m[1]!), m[0]).toBe(true);
      expect(script, `action/review.sh never writes ${m[2]}`).toContain(`output ${m[2]} `);
    }
    for (const step of action.runs.steps) {
      expect(step.name).toBeString();
      if (step.run !== undefined) expect(step.shell, step.name).toBe("bash");
      else expect(step.uses, step.name).toMatch(/^[\w-]+\/[\w-]+(\/[\w-]+)?@v\d+$/);
      for (const value of Object.values(step.env ?? {})) expect(typeof value).toBe("string");
    }
    expect(actionText).toContain('"$GITHUB_ACTION_PATH/action/review.sh"');
    expect(statSync(join(repoRoot, "action/review.sh")).mode & 0o111).not.toBe(0);
    // The pinned release is the one this commit builds.
    expect(action.inputs.version!.default).toBe(pkg.version);
    const bashCheck = Bun.spawnSync(["bash", "-n", join(repoRoot, "action/review.sh")], { stderr: "pipe" });
    expect(bashCheck.stderr.toString()).toBe("");
    expect(bashCheck.exitCode).toBe(0);
  });
});

describe("action/review.sh", () => {
  let releases: string;
  let server: ReleaseServer;
  let sb: Sandbox;
  let mock: AnthropicMock;
  let pinned: string;
  const findings = {
    verdict: "needs-attention",
    summary: "A problem.",
    findings: [
      { severity: "high", title: "PR problem", body: "Evidence.", file: "src/pr.ts", line_start: 1, line_end: 1, confidence: 0.9, recommendation: "Fix." },
    ],
    next_steps: [],
  };

  beforeAll(() => {
    releases = mkdtempSync(join(tmpdir(), "cc-action-releases-"));
    build(repoRoot, pkg.version, join(releases, pkg.version));
    server = startReleaseServer(releases, pkg.version);
    const sums = readFileSync(join(releases, pkg.version, "SHA256SUMS"), "utf8");
    pinned = new RegExp(`^([0-9a-f]{64}) [ *]?cc-[^ ]+-${hostTarget()}\\.tar\\.gz$`, "m").exec(sums)![1]!;
    sb = new Sandbox({ repo: { "src/app.ts": "export const answer = 41;\n" } });
    const origin = join(sb.root, "origin.git");
    git(sb.root, "init", "-q", "--bare", origin);
    git(sb.repo, "remote", "add", "origin", origin);
    git(sb.repo, "push", "-q", "origin", "main");
    git(sb.repo, "checkout", "-q", "-b", "pr");
    writeFiles(sb.repo, { "src/pr.ts": "export const pr = 'ACTION_PR_MARKER';\n" });
    git(sb.repo, "add", "-A");
    git(sb.repo, "commit", "-qm", "pr");
    git(sb.repo, "push", "-q", "origin", "pr:refs/pull/7/head");
    // As actions/checkout leaves it: the merge target checked out, detached.
    git(sb.repo, "checkout", "-q", "--detach", "main");
    git(sb.repo, "branch", "-D", "pr");
    mock = startAnthropicMock(() => reply.structured(findings));
  }, 240_000);
  afterEach(reapAll);
  afterAll(async () => {
    await reapAll();
    await server?.close();
    await mock?.close();
    sb?.cleanup();
    rmSync(releases, { recursive: true, force: true });
  });

  function action(extra: Record<string, string>): Promise<RunResult & { outputs: Record<string, string> }> {
    const outputFile = join(sb.tmp, `github-output-${Math.random().toString(36).slice(2)}`);
    writeFileSync(outputFile, "");
    const env = {
      ...sb.claudeEnv(mock.url),
      CC_CLAUDE_BIN: claudeBin,
      CC_RELEASE_BASE: server.url,
      CC_VERSION: pkg.version,
      CC_SHA256: pinned,
      RUNNER_TEMP: sb.tmp,
      GITHUB_OUTPUT: outputFile,
      CC_ACTION_PR: "7",
      CC_ACTION_BASE: "origin/main",
      ...extra,
    };
    return run(["bash", join(repoRoot, "action/review.sh")], { cwd: sb.repo, env, timeoutMs: 120_000 }).then((r) => ({
      ...r,
      outputs: Object.fromEntries(
        readFileSync(outputFile, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
      ),
    }));
  }

  test("installs the pinned release, reviews pull request 7 and writes the SARIF log and cc's exit code", async () => {
    const r = await action({ CC_ACTION_FORMAT: "sarif", CC_ACTION_FAIL_ON: "high" });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stderr).toMatch(/Verified SHA-256 [0-9a-f]{64}/);
    expect(r.outputs["exit-code"]).toBe("6");
    const sarif = JSON.parse(readFileSync(r.outputs["sarif-file"]!, "utf8"));
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("src/pr.ts");
    expect(mock.requests.at(-1)!.userText()).toContain("ACTION_PR_MARKER");
    expect(mock.requests.at(-1)!.userText()).toContain("pull request #7 against origin/main");
  }, 120_000);

  test("format github prints annotations in the step's log; an adversarial focus runs adversarial-review", async () => {
    const r = await action({ CC_ACTION_FORMAT: "github", CC_ACTION_FOCUS: "--the error paths" });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.outputs["exit-code"]).toBe("0");
    expect(r.stdout).toContain("::error file=src/pr.ts,line=1,endLine=1,title=[high] PR problem::Evidence.");
    expect(mock.requests.at(-1)!.userText()).toContain("--the error paths");
  }, 120_000);

  test("a release whose checksum is not the pinned one is refused before anything runs", async () => {
    const before = mock.requests.length;
    const r = await action({ CC_SHA256: "0".repeat(64), RUNNER_TEMP: join(sb.tmp, "other") });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`not the pinned ${"0".repeat(64)}; nothing was installed`);
    expect(r.stdout).toContain("::error title=cc review::installing cc");
    expect(existsSync(join(sb.tmp, "other", "cc-review", "bin", "cc"))).toBe(false);
    expect(mock.requests.length).toBe(before);
  }, 120_000);
});
