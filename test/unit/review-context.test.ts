/** The review context on real repositories: what is inlined, what is only listed, and the budget. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildContext } from "../../src/review/context.ts";
import { diffSplitter, type FilePatch } from "../../src/review/diff-stream.ts";
import { buildReviewPrompt, fillTemplate } from "../../src/review/prompt.ts";
import { type ReviewTarget, resolveTarget } from "../../src/review/target.ts";
import { git, initRepo, writeFiles } from "../support/git.ts";

const dirs: string[] = [];
function repo(files: Record<string, string> = { "app.ts": "export const a = 1;\n", "lib/util.ts": "export function f() {}\n" }): string {
  const d = mkdtempSync(join(tmpdir(), "cc-review-ctx-"));
  dirs.push(d);
  return initRepo(join(d, "repo"), files);
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function target(cwd: string, opts: { base?: string } = {}): Promise<ReviewTarget> {
  const r = await resolveTarget({ cwd, ...opts });
  if (r.kind !== "review") throw new Error(r.message);
  return r.target;
}

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

describe("working-tree context", () => {
  test("staged and unstaged diffs and untracked text are inlined; binaries and symlinks are only listed", async () => {
    const dir = repo();
    writeFiles(dir, { "app.ts": "export const a = 2; // STAGED_CHANGE\n" });
    git(dir, "add", "app.ts");
    writeFiles(dir, {
      "lib/util.ts": "export function f() { return UNSTAGED_CHANGE; }\n",
      "notes/todo.md": "UNTRACKED_TEXT_MARKER\n",
      "img.bin": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0x42, 0x49, 0x4e, 0x4d, 0x41, 0x52, 0x4b]),
    });
    symlinkSync("/etc/passwd", join(dir, "link-out"));
    const ctx = await buildContext(await target(dir), 100_000);
    expect(ctx.complete).toBe(true);
    expect(ctx.text).toContain("+export const a = 2; // STAGED_CHANGE");
    expect(ctx.text).toContain("+export function f() { return UNSTAGED_CHANGE; }");
    expect(ctx.text).toContain("UNTRACKED_TEXT_MARKER");
    expect(ctx.text).toContain("- [untracked] untracked: img.bin — binary file (15 B), not shown");
    expect(ctx.text).not.toContain("BINMARK");
    expect(ctx.text).toContain("- [untracked] untracked: link-out — symlink to /etc/passwd, not followed");
    expect(ctx.text).not.toContain("root:");
    expect(ctx.text).toContain("### staged: app.ts");
    expect(ctx.text).toContain("### unstaged: lib/util.ts");
    expect(ctx.items.map((i) => [i.source, i.path, i.inlined])).toEqual([
      ["staged", "app.ts", true],
      ["unstaged", "lib/util.ts", true],
      ["untracked", "img.bin", false],
      ["untracked", "link-out", false],
      ["untracked", "notes/todo.md", true],
    ]);
  });

  test("renames, deletions, odd file names and backtick fences survive", async () => {
    const dir = repo({ "old name.txt": "x\n", "gone.txt": "bye\n", "doc.md": "text\n" });
    git(dir, "mv", "old name.txt", "new name.txt");
    git(dir, "rm", "-q", "gone.txt");
    writeFiles(dir, { "doc.md": "text\n```\ncode\n````\n", "tab\there.txt": "tabbed\n" });
    const ctx = await buildContext(await target(dir), 100_000);
    const items = ctx.items.map((i) => [i.source, i.change, i.path, i.oldPath]);
    expect(items).toContainEqual(["staged", "renamed", "new name.txt", "old name.txt"]);
    expect(items).toContainEqual(["staged", "deleted", "gone.txt", null]);
    expect(items).toContainEqual(["untracked", "untracked", "tab\there.txt", null]);
    // The diff holds a 4-backtick run, so its fence is longer.
    expect(ctx.text).toContain("`````diff\n");
  });

  test("over budget: the prompt stays within it, small source files first, lockfiles last, the rest listed with commands", async () => {
    const files: Record<string, string> = { "package-lock.json": "{}\n" };
    for (let i = 0; i < 30; i++) files[`src/f${i}.ts`] = "export const v = 0;\n";
    const dir = repo(files);
    const big = (tag: string, n: number) => `${Array.from({ length: n }, (_, k) => `export const ${tag}${k} = ${k};`).join("\n")}\n`;
    for (let i = 0; i < 30; i++) writeFiles(dir, { [`src/f${i}.ts`]: big(`v${i}_`, 20 + i * 5) });
    writeFiles(dir, { "package-lock.json": `${JSON.stringify({ tiny: true })}\n` });
    const t = await target(dir);
    const budget = 12_000;
    const ctx = await buildContext(t, budget);
    expect(ctx.complete).toBe(false);
    expect(ctx.bytes).toBeLessThanOrEqual(budget);
    expect(bytes(ctx.text)).toBe(ctx.bytes);
    const inlined = ctx.items.filter((i) => i.inlined).map((i) => i.path);
    expect(inlined.length).toBeGreaterThan(1);
    expect(inlined.length).toBeLessThan(31);
    // The smallest source diffs went in; the lockfile, though tiny, is weighted down.
    expect(inlined).toContain("src/f0.ts");
    expect(inlined).not.toContain("src/f29.ts");
    expect(inlined).not.toContain("package-lock.json");
    const lockBytes = ctx.items.find((i) => i.path === "package-lock.json")!.bytes;
    const largestInlined = Math.max(...ctx.items.filter((i) => i.inlined).map((i) => i.bytes));
    expect(lockBytes).toBeLessThan(largestInlined);
    expect(ctx.text).toContain("not inlined");
    expect(ctx.text).toContain("inspect with `git diff --no-ext-diff -- src/f29.ts`");
    expect(ctx.text).toContain("The change is larger than this prompt's budget");
  });

  test("the whole prompt, template included, respects the budget", async () => {
    const dir = repo();
    writeFiles(dir, { "app.ts": "x\n".repeat(20_000) });
    const t = await target(dir);
    for (const budget of [12_000, 40_000]) {
      for (const kind of ["review", "adversarial-review"] as const) {
        const p = await buildReviewPrompt({ kind, target: t, focus: "focus ".repeat(5000), budget });
        expect(p.bytes).toBeLessThanOrEqual(budget);
        expect(p.prompt).toContain("<repository_context>");
        expect(p.prompt).toContain(t.label);
        if (kind === "adversarial-review") expect(p.prompt).toContain("focus text cut to fit");
      }
    }
    await expect(buildReviewPrompt({ kind: "review", target: t, budget: 3000 })).rejects.toThrow(/leaves no room/);
  });
});

describe("branch context", () => {
  test("commits since the merge base and their diff; later main commits stay out", async () => {
    const dir = repo();
    git(dir, "checkout", "-q", "-b", "feature");
    writeFiles(dir, { "app.ts": "export const a = FEATURE;\n" });
    git(dir, "commit", "-q", "-am", "feature: change a");
    git(dir, "checkout", "-q", "main");
    writeFiles(dir, { "lib/util.ts": "MAIN_ONLY\n" });
    git(dir, "commit", "-q", "-am", "main moves on");
    git(dir, "checkout", "-q", "feature");
    const ctx = await buildContext(await target(dir), 50_000);
    expect(ctx.text).toContain("feature: change a");
    expect(ctx.text).not.toContain("main moves on");
    expect(ctx.text).toContain("+export const a = FEATURE;");
    expect(ctx.text).not.toContain("MAIN_ONLY");
    expect(ctx.items.map((i) => [i.source, i.path])).toEqual([["branch", "app.ts"]]);
  });
});

describe("diff splitting", () => {
  test("any chunking of git's output gives the same files", async () => {
    const dir = repo({ "a.txt": "1\n2\n3\n", "b b.txt": "x\n", "c.bin": "y\n" });
    writeFiles(dir, { "a.txt": "1\nTWO\n3\nfour", "b b.txt": "x\ny\n", "c.bin": new Uint8Array([0, 1, 2]), "d.txt": "new\n" });
    git(dir, "add", "-A");
    const raw = Buffer.from(git(dir, "diff", "--cached", "--no-color", "--src-prefix=a/", "--dst-prefix=b/"));
    const run = (sizes: () => number) => {
      const out: FilePatch[] = [];
      const s = diffSplitter(
        (p) => out.push(p),
        () => true,
      );
      for (let i = 0; i < raw.length; ) {
        const n = Math.max(1, sizes());
        s.push(raw.subarray(i, i + n));
        i += n;
      }
      s.end();
      return out;
    };
    const whole = run(() => raw.length);
    expect(whole.map((p) => [p.path, p.change, p.binary, p.additions, p.deletions])).toEqual([
      ["a.txt", "modified", false, 2, 1],
      ["b b.txt", "modified", false, 1, 0],
      ["c.bin", "modified", true, 0, 0],
      ["d.txt", "added", false, 1, 0],
    ]);
    expect(whole.map((p) => p.text).join("")).toBe(raw.toString("utf8"));
    expect(whole.reduce((n, p) => n + p.bytes, 0)).toBe(raw.length);
    for (const size of [1, 2, 3, 7, 64]) expect(run(() => size)).toEqual(whole);
    let seed = 7;
    expect(run(() => (seed = (seed * 1103515245 + 12345) % 97))).toEqual(whole);
  });
});

test("template slots are filled once: text inserted into a slot is never treated as a slot", () => {
  expect(fillTemplate("<{{A}}|{{B}}|{{C}}>", { A: "{{B}}", B: "b" })).toBe("<{{B}}|b|{{C}}>");
});
