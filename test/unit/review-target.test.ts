/** Review target resolution on real git repositories: what `auto` picks, base detection, dead ends. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CcError, UsageError } from "../../src/lib/errors.ts";
import { parseScope, resolveTarget, type TargetResolution } from "../../src/review/target.ts";
import { git, initRepo, writeFiles } from "../support/git.ts";

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), "cc-review-target-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  return initRepo(join(tmp(), "repo"), { "a.txt": "one\n", "b.txt": "two\n" });
}

function mode(r: TargetResolution): string {
  return r.kind === "nothing" ? "nothing" : r.target.mode;
}

async function failure(p: Promise<unknown>): Promise<CcError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(CcError);
    return error as CcError;
  }
  throw new Error("expected a CcError");
}

describe("auto picks the target from the repository state", () => {
  test("clean tree on the base branch: nothing to review, with a reason", async () => {
    const r = await resolveTarget({ cwd: repo() });
    expect(r.kind).toBe("nothing");
    if (r.kind === "nothing") expect(r.message).toBe("Nothing to review: the working tree is clean and main has no commits ahead of main.");
  });

  test("unstaged edit: working tree", async () => {
    const dir = repo();
    writeFiles(dir, { "a.txt": "one\nmore\n" });
    const r = await resolveTarget({ cwd: dir });
    expect(mode(r)).toBe("working-tree");
    if (r.kind === "review" && r.target.mode === "working-tree") {
      expect([r.target.status.staged, r.target.status.unstaged, r.target.status.untracked]).toEqual([0, 1, 0]);
      expect(r.target.label).toBe("working tree of main (0 staged files, 1 unstaged file, 0 untracked files)");
      expect(r.target.explicit).toBe(false);
    }
  });

  test("staged edit: working tree", async () => {
    const dir = repo();
    writeFiles(dir, { "b.txt": "changed\n" });
    git(dir, "add", "b.txt");
    const r = await resolveTarget({ cwd: dir });
    expect(r.kind === "review" && r.target.mode === "working-tree" && r.target.status.staged).toBe(1);
  });

  test("only an untracked file: working tree, from a subdirectory too", async () => {
    const dir = repo();
    writeFiles(dir, { "sub/new.txt": "new\n" });
    const r = await resolveTarget({ cwd: join(dir, "sub") });
    expect(mode(r)).toBe("working-tree");
    if (r.kind === "review" && r.target.mode === "working-tree") {
      expect(r.target.status.untrackedPaths).toEqual(["sub/new.txt"]);
      expect(r.target.repoRoot).toBe(git(dir, "rev-parse", "--show-toplevel").trim());
    }
  });

  test("clean feature branch ahead of main: branch against main", async () => {
    const dir = repo();
    git(dir, "checkout", "-q", "-b", "feature");
    writeFiles(dir, { "c.txt": "three\n" });
    git(dir, "add", "c.txt");
    git(dir, "commit", "-q", "-m", "c");
    writeFiles(dir, { "d.txt": "four\n" });
    git(dir, "add", "d.txt");
    git(dir, "commit", "-q", "-m", "d");
    const r = await resolveTarget({ cwd: dir });
    expect(mode(r)).toBe("branch");
    if (r.kind === "review" && r.target.mode === "branch") {
      expect(r.target.base).toBe("main");
      expect(r.target.baseSource).toBe("default branch name");
      expect(r.target.commits).toBe(2);
      expect(r.target.mergeBase).toBe(git(dir, "rev-parse", "main").trim());
    }
  });

  test("dirty feature branch: the working tree wins", async () => {
    const dir = repo();
    git(dir, "checkout", "-q", "-b", "feature");
    writeFiles(dir, { "c.txt": "three\n" });
    git(dir, "add", "c.txt");
    git(dir, "commit", "-q", "-m", "c");
    writeFiles(dir, { "a.txt": "edited\n" });
    expect(mode(await resolveTarget({ cwd: dir }))).toBe("working-tree");
    expect(mode(await resolveTarget({ cwd: dir, scope: "branch" }))).toBe("branch");
  });

  test("detached HEAD: a dirty tree is reviewed, a clean one is refused with a way out", async () => {
    const dir = repo();
    git(dir, "checkout", "-q", "--detach");
    const e = await failure(resolveTarget({ cwd: dir }));
    expect(e.message).toContain("HEAD is detached");
    expect(e.hint).toContain("--base");
    writeFiles(dir, { "a.txt": "edited\n" });
    const r = await resolveTarget({ cwd: dir });
    expect(mode(r)).toBe("working-tree");
    if (r.kind === "review") expect(r.target.label).toStartWith("working tree of detached HEAD ");
  });

  test("detached HEAD with --base reviews HEAD against that ref", async () => {
    const dir = repo();
    writeFiles(dir, { "c.txt": "three\n" });
    git(dir, "add", "c.txt");
    git(dir, "commit", "-q", "-m", "c");
    git(dir, "checkout", "-q", "--detach");
    const r = await resolveTarget({ cwd: dir, base: "HEAD~1" });
    expect(r.kind === "review" && r.target.mode === "branch" && r.target.commits).toBe(1);
  });
});

describe("explicit scopes and dead ends", () => {
  test("--scope working-tree on a clean tree: nothing to review", async () => {
    const r = await resolveTarget({ cwd: repo(), scope: "working-tree" });
    expect(r).toEqual({ kind: "nothing", message: "Nothing to review: the working tree is clean." });
  });

  test("not a git repository", async () => {
    const e = await failure(resolveTarget({ cwd: tmp() }));
    expect(e.message).toContain("not inside a Git repository");
  });

  test("a repository without commits", async () => {
    const dir = join(tmp(), "empty");
    initRepo(dir);
    git(dir, "update-ref", "-d", "HEAD");
    const e = await failure(resolveTarget({ cwd: dir }));
    expect(e.message).toContain("no commits yet");
  });

  test("an unknown --base, an option-looking --base, and --base with --scope working-tree", async () => {
    const dir = repo();
    expect((await failure(resolveTarget({ cwd: dir, base: "no-such-branch" }))).message).toContain('"no-such-branch" is not a commit');
    expect(await failure(resolveTarget({ cwd: dir, base: "--output=x" }))).toBeInstanceOf(UsageError);
    expect(await failure(resolveTarget({ cwd: dir, base: "main", scope: "working-tree" }))).toBeInstanceOf(UsageError);
  });

  test("no base branch can be found", async () => {
    const dir = join(tmp(), "odd");
    initRepo(dir);
    git(dir, "branch", "-m", "main", "develop");
    git(dir, "checkout", "-q", "-b", "feature");
    const e = await failure(resolveTarget({ cwd: dir, scope: "branch" }));
    expect(e.message).toContain("cannot tell which branch feature is based on");
    const r = await resolveTarget({ cwd: dir, base: "develop" });
    expect(r.kind).toBe("nothing");
  });

  test("scope values are checked", () => {
    expect(parseScope(undefined)).toBe("auto");
    expect(parseScope("branch")).toBe("branch");
    expect(() => parseScope("staged")).toThrow(UsageError);
  });
});

describe("base detection", () => {
  function cloneWithFeature(defaultBranch: string): string {
    const root = tmp();
    const origin = initRepo(join(root, "origin"), { "a.txt": "one\n" });
    if (defaultBranch !== "main") git(origin, "checkout", "-q", "-b", defaultBranch);
    git(root, "clone", "-q", origin, "clone");
    const clone = join(root, "clone");
    git(clone, "config", "user.name", "t");
    git(clone, "config", "user.email", "t@example.invalid");
    git(clone, "checkout", "-q", "-b", "feature");
    writeFiles(clone, { "f.txt": "feature\n" });
    git(clone, "add", "f.txt");
    git(clone, "commit", "-q", "-m", "feature work");
    return clone;
  }

  test("origin/HEAD is used when the clone has one", async () => {
    const clone = cloneWithFeature("develop");
    const r = await resolveTarget({ cwd: clone });
    expect(r.kind === "review" && r.target.mode === "branch" && [r.target.base, r.target.baseSource]).toEqual(["origin/develop", "origin/HEAD"]);
  });

  test("without origin/HEAD: main, then master, then trunk, local or remote", async () => {
    const clone = cloneWithFeature("main");
    git(clone, "remote", "set-head", "origin", "-d");
    let r = await resolveTarget({ cwd: clone });
    expect(r.kind === "review" && r.target.mode === "branch" && [r.target.base, r.target.baseSource]).toEqual(["main", "default branch name"]);
    // Without a local main, the remote-tracking one.
    git(clone, "branch", "-q", "-D", "main");
    r = await resolveTarget({ cwd: clone });
    expect(r.kind === "review" && r.target.mode === "branch" && r.target.base).toBe("origin/main");

    const dir = join(tmp(), "m");
    initRepo(dir);
    git(dir, "branch", "-m", "main", "trunk");
    git(dir, "branch", "master");
    git(dir, "checkout", "-q", "-b", "topic");
    writeFiles(dir, { "t.txt": "t\n" });
    git(dir, "add", "t.txt");
    git(dir, "commit", "-q", "-m", "t");
    r = await resolveTarget({ cwd: dir });
    expect(r.kind === "review" && r.target.mode === "branch" && r.target.base).toBe("master");
  });

  test("an untracked symlink makes the tree dirty like any file", async () => {
    const dir = repo();
    symlinkSync("a.txt", join(dir, "link"));
    expect(mode(await resolveTarget({ cwd: dir }))).toBe("working-tree");
  });
});
