import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffSnapshots, takeSnapshot } from "../../src/lib/tree-snapshot.ts";
import { git, initRepo, writeFiles } from "../support/git.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-snap-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test("lists edited, created and deleted files, honours .gitignore, and leaves the user's index alone", () => {
  const repo = initRepo(join(dir, "r"), { "a.txt": "one\n", "b.txt": "two\n", ".gitignore": "ignored.log\n" });
  writeFiles(repo, { "staged.txt": "s\n" });
  git(repo, "add", "staged.txt");
  const indexBefore = git(repo, "diff", "--cached", "--name-only");
  const before = takeSnapshot(repo);

  writeFiles(repo, { "a.txt": "one\nmore\n", "new/c.txt": "c\n", "ignored.log": "noise\n" });
  unlinkSync(join(repo, "b.txt"));
  const after = takeSnapshot(repo);
  const changes = diffSnapshots(repo, before, after);

  expect(changes.unavailable).toBeNull();
  expect(changes.files.map((f) => f.path).sort()).toEqual(["a.txt", "b.txt", "new/c.txt"]);
  expect(changes.files.find((f) => f.path === "a.txt")).toEqual({ path: "a.txt", added: 1, deleted: 0 });
  expect(changes.stat).toContain("3 files changed");
  expect(git(repo, "diff", "--cached", "--name-only")).toBe(indexBefore);
  expect(git(repo, "status", "--porcelain")).toContain("?? new/");
});

test("no change gives an empty list; a file name with spaces and quotes survives", () => {
  const repo = initRepo(join(dir, "r"), { "it's a file.txt": "x\n" });
  const before = takeSnapshot(repo);
  expect(diffSnapshots(repo, before, takeSnapshot(repo)).files).toEqual([]);
  writeFileSync(join(repo, "it's a file.txt"), "y\n");
  expect(diffSnapshots(repo, before, takeSnapshot(repo)).files.map((f) => f.path)).toEqual(["it's a file.txt"]);
});

test("outside a repository the changes are reported as unavailable, not as none", () => {
  const plain = join(dir, "plain");
  mkdirSync(plain);
  const snap = takeSnapshot(plain);
  expect(snap.tree).toBeNull();
  expect(diffSnapshots(plain, snap, takeSnapshot(plain)).unavailable).toBe("not a git repository");
});
