/**
 * `cc review` / `cc adversarial-review` end to end: real cc (from source), real git repositories,
 * the real claude against the Messages mock, the real job store.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { reply, toolSteps } from "../support/anthropic-mock.ts";
import { ccFromSource } from "../support/bins.ts";
import { git, writeFiles } from "../support/git.ts";
import { createHugeChange } from "../support/huge-change.ts";
import { describeRun, type RunResult, run } from "../support/processes.ts";
import { worldPerTest } from "../support/world.ts";

const w = worldPerTest({ repo: { "src/app.ts": "export const answer = 41;\n", "README.md": "# demo\n" } });

const findings = {
  verdict: "needs-attention",
  summary: "The answer constant changed without updating its callers.",
  findings: [
    {
      severity: "high",
      title: "Off-by-one answer",
      body: "answer is now 42 but tests expect 41.",
      file: "src/app.ts",
      line_start: 1,
      line_end: 1,
      confidence: 0.9,
      recommendation: "Update the tests or revert.",
    },
    {
      severity: "low",
      title: "README not updated",
      body: "The README still says nothing.",
      file: "README.md",
      line_start: 1,
      line_end: 2,
      confidence: 0.5,
      recommendation: "Document the change.",
    },
  ],
  next_steps: ["Run the tests"],
};

function cc(args: string[], opts: { cwd?: string; extra?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunResult> {
  const env = w.env(opts.extra);
  return run([...ccFromSource, ...args], { cwd: opts.cwd ?? w.sb.repo, env, timeoutMs: opts.timeoutMs ?? 60000 });
}

/** The review's text without the job footer (ids and costs differ between runs). */
const body = (out: string) => out.slice(0, out.lastIndexOf("\n— "));

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (name === ".git") continue;
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else out.set(full.slice(dir.length), readFileSync(full, "utf8"));
    }
  };
  walk(dir);
  return out;
}

describe("cc review", () => {
  test("the prompt carries the diff and the untracked text file, not the binary; findings render by severity", async () => {
    const m = w.useClaude(() => reply.structured(findings));
    writeFiles(w.sb.repo, {
      "src/app.ts": "export const answer = 42; // STAGED_EDIT\n",
      "docs/notes.md": "UNTRACKED_NOTE_TEXT\n",
      "logo.bin": new Uint8Array([0, 0x42, 0x49, 0x4e, 0x41, 0x52, 0x59, 0x5f, 0x4d, 0x41, 0x52, 0x4b, 0]),
    });
    git(w.sb.repo, "add", "src/app.ts");
    const r = await cc(["review", "--progress"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(m.scriptErrors).toEqual([]);
    const prompt = m.requests[0]!.userText();
    expect(prompt).toContain("+export const answer = 42; // STAGED_EDIT");
    expect(prompt).toContain("UNTRACKED_NOTE_TEXT");
    expect(prompt).toContain("logo.bin — binary file");
    expect(prompt).not.toContain("BINARY_MARK");
    expect(m.requests[0]!.hasTool("StructuredOutput")).toBe(true);
    // The read-only profile: no Write or Edit tool is even offered.
    expect(m.requests[0]!.hasTool("Write")).toBe(false);
    expect(m.requests[0]!.hasTool("Edit")).toBe(false);

    expect(r.stdout).toStartWith("# Claude Code review: working tree of main (1 staged file, 0 unstaged files, 2 untracked files)\n");
    expect(r.stdout).toContain("**Verdict: needs attention** — 1 high, 1 low");
    expect(r.stdout.indexOf("## High")).toBeLessThan(r.stdout.indexOf("## Low"));
    expect(r.stdout).toContain("**src/app.ts:1** — Off-by-one answer (confidence 90%)");
    expect(r.stdout).toContain("**README.md:1-2** — README not updated");
    expect(r.stderr).toContain("all 3 changed file(s) inlined");
  }, 60000);

  test("--json prints the validated findings; model and effort reach claude", async () => {
    const m = w.useClaude(() => reply.structured(findings));
    writeFiles(w.sb.repo, { "src/app.ts": "export const answer = 42;\n" });
    const r = await cc(["review", "--json", "--model", "claude-mock-7", "--effort", "low"]);
    // Not a terminal and no --progress (as inside Codex, which merges stderr into the result): quiet.
    expect(r.stderr).toBe("");
    expect(r.code, describeRun(r)).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(findings);
    expect(m.requests[0]!.body.model).toBe("claude-mock-7");
  }, 60000);

  test("`cc review --json` and `cc result --json` print the same object for the same job", async () => {
    w.useClaude(() => reply.structured(findings));
    writeFiles(w.sb.repo, { "src/app.ts": "export const answer = 42;\n" });
    const fg = await cc(["review", "--wait", "--json"]);
    expect(fg.code, describeRun(fg)).toBe(0);
    const status = await cc(["status", "--json"]);
    const id = (JSON.parse(status.stdout) as { jobs: { id: string }[] }).jobs[0]!.id;
    const later = await cc(["result", id, "--json"]);
    expect(later.code, describeRun(later)).toBe(0);
    expect(JSON.parse(later.stdout)).toEqual(JSON.parse(fg.stdout));
    expect(JSON.parse(later.stdout)).toEqual(findings);
  }, 60000);

  test("a reply without structured output falls back to Claude's text with a note", async () => {
    const m = w.useClaude(() => reply.text("Looks fine to me, no issues found."));
    writeFiles(w.sb.repo, { "src/app.ts": "export const answer = 42;\n" });
    const r = await cc(["review"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(m.requests.length).toBeGreaterThanOrEqual(1);
    expect(r.stdout).toContain("> Note: Claude returned no structured findings; showing Claude's reply as text.");
    expect(r.stdout).toContain("Looks fine to me, no issues found.");
    const j = await cc(["result", "--json"]);
    expect(j.code, describeRun(j)).toBe(0);
  }, 60000);

  test("structured output claude keeps rejecting ends as a failed review, said plainly", async () => {
    w.useClaude(() => reply.structured({ verdict: "maybe" }));
    writeFiles(w.sb.repo, { "src/app.ts": "export const answer = 42;\n" });
    const r = await cc(["review"]);
    expect(r.code, describeRun(r)).toBe(3);
    expect(r.stdout).toContain("failed");
    expect(r.stdout).not.toContain("Verdict");
  }, 60000);

  test("a hostile model cannot change anything during a review", async () => {
    writeFiles(w.sb.repo, { "src/app.ts": "export const answer = 42;\n", "new.txt": "untracked\n" });
    const before = snapshot(w.sb.repo);
    const status = git(w.sb.repo, "status", "--porcelain");
    const head = git(w.sb.repo, "rev-parse", "HEAD");
    const app = join(w.sb.repo, "src/app.ts");
    const m = w.useClaude(
      toolSteps(
        [
          reply.tool("Write", { file_path: join(w.sb.repo, "pwned.txt"), content: "x" }),
          reply.tool("Read", { file_path: app }),
          reply.tool("Edit", { file_path: app, old_string: "42", new_string: "666" }),
          reply.tool("Bash", { command: "echo pwned > pwned-echo.txt", description: "write" }),
          reply.tool("Bash", { command: "git diff --output=pwned-diff.txt", description: "diff to file" }),
          reply.tool("Bash", { command: "git stash", description: "stash" }),
          reply.tool("Bash", { command: "git checkout -- src/app.ts", description: "revert" }),
          reply.tool("Bash", { command: "git add -A && git commit -m pwned", description: "commit" }),
          reply.tool("Bash", { command: "rm -f new.txt", description: "delete" }),
          reply.tool("Bash", { command: "sed -i s/42/0/ src/app.ts", description: "sed" }),
          reply.tool("Bash", { command: "git diff --stat", description: "allowed read" }),
        ],
        reply.structured(findings),
      ),
    );
    const r = await cc(["review"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(m.scriptErrors).toEqual([]);
    const results = m.requests.at(-1)!.results();
    expect(results.length).toBe(11);
    // Every write was refused; the read-only git command ran.
    expect(
      results
        .slice(0, 10)
        .filter((x) => x.toolUseId && !x.isError)
        .map((x) => x.content),
    ).toEqual([expect.stringContaining("answer")]);
    expect(results[10]!.isError).toBe(false);
    expect(results[10]!.content).toContain("src/app.ts");
    expect(snapshot(w.sb.repo)).toEqual(before);
    expect(git(w.sb.repo, "status", "--porcelain")).toBe(status);
    expect(git(w.sb.repo, "rev-parse", "HEAD")).toBe(head);
    expect(git(w.sb.repo, "stash", "list")).toBe("");
  }, 60000);

  test("nothing to review, not a repository, review with focus text: no Claude call", async () => {
    const m = w.useClaude(() => reply.structured(findings));
    const clean = await cc(["review"]);
    expect(clean.code, describeRun(clean)).toBe(0);
    expect(clean.stdout).toBe("Nothing to review: the working tree is clean and main has no commits ahead of main.\n");
    const notRepo = await cc(["review"], { cwd: w.sb.tmp });
    expect(notRepo.code).toBe(1);
    expect(notRepo.stderr).toContain("not inside a Git repository");
    writeFiles(w.sb.repo, { "src/app.ts": "x\n" });
    const focus = await cc(["review", "look at auth"]);
    expect(focus.code).toBe(2);
    expect(focus.stderr).toMatch(/`\S+ \S*cli\.ts adversarial-review <focus>`/);
    const both = await cc(["review", "--wait", "--background"]);
    expect(both.code).toBe(2);
    expect(m.requests.length).toBe(0);
  }, 60000);

  test("a branch review sends the commits and the merge-base diff", async () => {
    const m = w.useClaude(() => reply.structured({ ...findings, verdict: "approve", findings: [] }));
    git(w.sb.repo, "checkout", "-q", "-b", "feature");
    writeFiles(w.sb.repo, { "src/app.ts": "export const answer = BRANCH_CHANGE;\n" });
    git(w.sb.repo, "commit", "-q", "-am", "feature commit subject");
    const r = await cc(["review"]);
    expect(r.code, describeRun(r)).toBe(0);
    const prompt = m.requests[0]!.userText();
    expect(prompt).toContain("feature commit subject");
    expect(prompt).toContain("+export const answer = BRANCH_CHANGE;");
    expect(r.stdout).toContain("# Claude Code review: branch feature against main (1 commit since ");
    expect(r.stdout).toContain("**Verdict: approve** — no findings");
  }, 60000);

  test("a huge change stays within the prompt budget and completes", async () => {
    const m = w.useClaude(() => reply.structured(findings));
    const huge = createHugeChange(join(w.sb.root, "huge"), { files: 2500, lines: 60, untracked: 100 });
    const r = await cc(["review", "--wait", "--progress"], { cwd: huge.repo });
    expect(r.code, describeRun(r)).toBe(0);
    const prompt = m.requests[0]!.userText();
    expect(Buffer.byteLength(prompt, "utf8")).toBeLessThanOrEqual(256 * 1024);
    expect(prompt).toContain("The change is larger than this prompt's budget");
    expect(prompt).toMatch(/inspect with `git diff --no-ext-diff -- pkg\d\d\/module_\d+\.ts`/);
    expect(r.stderr).toMatch(/changed files inlined; Claude will inspect the rest/);
    expect(r.stdout).toContain("changed files were inlined (prompt budget 256 KiB)");
  }, 60000);

  test("the budget comes from cc's config", async () => {
    const m = w.useClaude(() => reply.structured(findings));
    for (let i = 0; i < 20; i++) writeFiles(w.sb.repo, { [`f${i}.ts`]: `${"line of text\n".repeat(200)}` });
    await Bun.write(join(w.sb.dataDir, "config.json"), JSON.stringify({ reviewPromptBudget: 20000 }));
    const r = await cc(["review", "--wait"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(Buffer.byteLength(m.requests[0]!.userText(), "utf8")).toBeLessThanOrEqual(20000);
  }, 60000);
});

describe("background reviews and cc adversarial-review", () => {
  test("--background returns a job at once; cc result renders it like the foreground", async () => {
    w.useClaude(() => reply.structured(findings));
    writeFiles(w.sb.repo, { "src/app.ts": "export const answer = 42;\n" });
    const fg = await cc(["review"]);
    expect(fg.code, describeRun(fg)).toBe(0);
    const bg = await cc(["review", "--background"]);
    expect(bg.code, describeRun(bg)).toBe(0);
    const id = /Started review job (\S+) in the background/.exec(bg.stdout)?.[1];
    expect(id, bg.stdout).toBeString();
    const wait = await cc(["status", id!, "--wait", "--timeout", "50s"], { timeoutMs: 60000 });
    expect(wait.code, describeRun(wait)).toBe(0);
    const result = await cc(["result", id!]);
    expect(result.code, describeRun(result)).toBe(0);
    expect(body(result.stdout)).toBe(body(fg.stdout));
    expect(result.stdout).toContain("## High");
  }, 90000);

  test("the focus text steers the adversarial prompt, framed as the user's", async () => {
    const m = w.useClaude(() => reply.structured(findings));
    writeFiles(w.sb.repo, { "src/app.ts": "export const answer = 42;\n" });
    const r = await cc(["adversarial-review", "--scope", "working-tree", "what happens to the old cache during rollout?"]);
    expect(r.code, describeRun(r)).toBe(0);
    const prompt = m.requests[0]!.userText();
    expect(prompt).toContain("<user_focus>\nwhat happens to the old cache during rollout?\n</user_focus>");
    expect(prompt).toContain("adversarial reviewer");
    expect(r.stdout).toStartWith("# Claude Code adversarial review: working tree of main");
    expect(r.stdout).toContain("Focus: what happens to the old cache during rollout?");
  }, 60000);
});
