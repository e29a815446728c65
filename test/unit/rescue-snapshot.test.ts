/**
 * cc's snapshot and undo on real git, without Claude: no repository program runs (hooks,
 * core.hooksPath, fsmonitor, filter drivers), files round-trip byte for byte, and undo restores
 * type changes, modes, symlinks, refs and the stash.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { takeSnapshot } from "../../src/lib/tree-snapshot.ts";
import { hiddenFilesOf } from "../../src/rescue/hidden-files.ts";
import { deleteSnapshotsOf, readRepoState, recordSnapshot, SNAPSHOT_NAMESPACE } from "../../src/rescue/snapshot.ts";
import { undoSnapshot } from "../../src/rescue/undo.ts";
import { git, initRepo, writeFiles } from "../support/git.ts";
import { repoFingerprint, richRepo } from "../support/repo-state.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-snapshot-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What the rescue's finisher records: the repository as left, and its files git no longer lists. */
function leftBy(repo: string, snapshot: ReturnType<typeof recordSnapshot>) {
  const after = readRepoState(repo);
  return [after, "rescue-test", hiddenFilesOf(repo, snapshot.state.worktree, after.worktree)] as const;
}

test("taking and undoing a snapshot runs no hook, fsmonitor or filter of the repository", () => {
  const repo = initRepo(join(dir, "r"), { "a.txt": "one\r\n", ".gitattributes": "*.txt filter=evil\n" });
  const marker = join(dir, "ran");
  const script = (name: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\necho ${name} >> ${marker}\ncat\n`);
    chmodSync(path, 0o755);
    return path;
  };
  const hooks = join(dir, "hooks");
  mkdirSync(hooks);
  for (const hook of ["post-index-change", "post-checkout", "reference-transaction"]) {
    writeFileSync(join(hooks, hook), `#!/bin/sh\necho ${hook} >> ${marker}\n`);
    chmodSync(join(hooks, hook), 0o755);
    writeFileSync(join(repo, ".git/hooks", hook), `#!/bin/sh\necho ${hook} >> ${marker}\n`);
    chmodSync(join(repo, ".git/hooks", hook), 0o755);
  }
  git(repo, "config", "core.hooksPath", hooks);
  git(repo, "config", "filter.evil.clean", script("clean"));
  git(repo, "config", "filter.evil.smudge", script("smudge"));
  git(repo, "config", "filter.evil.required", "true");
  git(repo, "config", "core.fsmonitor", script("fsmonitor"));
  git(repo, "config", "core.autocrlf", "true");
  writeFiles(repo, { "a.txt": "two\r\n", "new.txt": "new\r\n" });
  const before = repoFingerprint(repo); // the test's own git: it does run fsmonitor
  rmSync(marker, { force: true });
  const snapshot = recordSnapshot(repo);
  writeFiles(repo, { "a.txt": "three\n" });
  unlinkSync(join(repo, "new.txt"));
  const after = readRepoState(repo);
  expect(undoSnapshot(repo, snapshot, after, "rescue-test", hiddenFilesOf(repo, snapshot.state.worktree, after.worktree)).kind).toBe("restored");

  const ran = existsSync(marker) ? readFileSync(marker, "utf8") : "";
  expect(ran).toBe("");
  // No clean filter and no CRLF conversion: the snapshot holds, and undo writes back, the bytes on disk.
  expect(repoFingerprint(repo)).toEqual(before);
  expect(git(repo, "cat-file", "-p", `${snapshot.state.worktree}:new.txt`)).toBe("new\r\n");
});

test("undo restores a file that became a directory, modes, symlinks, deleted and added files", () => {
  const repo = initRepo(join(dir, "r"), { "a.txt": "a\n", "tool.sh": "#!/bin/sh\n", "dir/inner.txt": "inner\n" });
  chmodSync(join(repo, "tool.sh"), 0o755);
  symlinkSync("a.txt", join(repo, "link"));
  const before = repoFingerprint(repo);
  const snapshot = recordSnapshot(repo);

  rmSync(join(repo, "dir"), { recursive: true });
  writeFileSync(join(repo, "dir"), "now a file\n");
  mkdirSync(join(repo, "a.txt.d"));
  unlinkSync(join(repo, "a.txt"));
  mkdirSync(join(repo, "a.txt"));
  writeFileSync(join(repo, "a.txt/x"), "x\n");
  chmodSync(join(repo, "tool.sh"), 0o644);
  unlinkSync(join(repo, "link"));
  writeFiles(repo, { "added/deep/file.txt": "added\n" });

  expect(undoSnapshot(repo, snapshot, ...leftBy(repo, snapshot)).kind).toBe("restored");
  expect(repoFingerprint(repo)).toEqual(before);
  expect(existsSync(join(repo, "added"))).toBe(false);
});

test("undo never writes or deletes through a directory that became a symlink to outside the repository", () => {
  const repo = initRepo(join(dir, "r"), { "src/app.ts": "app\n", ".gitignore": "" });
  const elsewhere = join(dir, "elsewhere");
  mkdirSync(elsewhere);
  writeFileSync(join(elsewhere, "app.ts"), "the user's other file\n");
  const before = repoFingerprint(repo);
  const snapshot = recordSnapshot(repo);
  rmSync(join(repo, "src"), { recursive: true });
  symlinkSync(elsewhere, join(repo, "src"));
  writeFileSync(join(repo, ".gitignore"), "src\n"); // the link is ignored, so it is in no snapshot
  expect(undoSnapshot(repo, snapshot, ...leftBy(repo, snapshot)).kind).toBe("restored");
  expect(readFileSync(join(elsewhere, "app.ts"), "utf8")).toBe("the user's other file\n");
  expect(repoFingerprint(repo)).toEqual(before);
});

test("refs, HEAD, the index and every stash entry come back; a changed repository is refused", () => {
  const repo = initRepo(join(dir, "r"));
  richRepo(repo, join(dir, "remote.git"));
  const before = repoFingerprint(repo);
  const snapshot = recordSnapshot(repo);
  git(repo, "stash", "clear");
  git(repo, "tag", "-d", "v1");
  git(repo, "checkout", "-q", "-b", "claude-branch");
  git(repo, "commit", "-qam", "claude's commit");
  git(repo, "branch", "-D", "feature");
  const after = readRepoState(repo);

  writeFiles(repo, { "user.txt": "the user's work\n" });
  const refused = undoSnapshot(repo, snapshot, after, "rescue-test");
  expect(refused.kind).toBe("refused");
  expect(existsSync(join(repo, "user.txt"))).toBe(true);

  unlinkSync(join(repo, "user.txt"));
  const restored = undoSnapshot(repo, snapshot, after, "rescue-test");
  expect(restored.kind).toBe("restored");
  expect(repoFingerprint(repo)).toEqual(before);
  expect(undoSnapshot(repo, snapshot, after, "rescue-test").kind).toBe("already");
});

test("a refused undo gives commands that run where they appear: no stash (it would take the rescue's edit too), a git command that goes back", () => {
  const repo = initRepo(join(dir, "r"), { "a.txt": "original\n" });
  const head = git(repo, "rev-parse", "HEAD").trim();
  const snapshot = recordSnapshot(repo);
  writeFiles(repo, { "a.txt": "claude's edit\n" });
  git(repo, "commit", "-qam", "claude's commit");
  const after = readRepoState(repo);
  writeFiles(repo, { "a.txt": "the user's later edit\n" });
  const refused = undoSnapshot(repo, snapshot, after, "rescue-test");
  if (refused.kind !== "refused") throw new Error(refused.kind);
  expect(refused.hint).not.toContain("stash");
  expect(refused.hint).not.toContain("by hand from refs/");
  const command = /`(git -C [^`]+)`/.exec(refused.hint)?.[1];
  expect(command, refused.hint).toBeString();
  expect(Bun.spawnSync(["sh", "-c", command!], { stdout: "ignore", stderr: "pipe" }).exitCode).toBe(0);
  expect(readFileSync(join(repo, "a.txt"), "utf8")).toBe("original\n");
  expect(git(repo, "rev-parse", "HEAD").trim()).toBe(head);
});

test("the snapshot survives git gc --prune=now, and pruning its job deletes its refs", () => {
  const repo = initRepo(join(dir, "r"));
  writeFiles(repo, { "untracked.txt": "only in the snapshot\n" });
  const snapshot = recordSnapshot(repo);
  unlinkSync(join(repo, "untracked.txt"));
  git(repo, "gc", "-q", "--prune=now");
  expect(git(repo, "cat-file", "-p", `${snapshot.state.worktree}:untracked.txt`)).toBe("only in the snapshot\n");
  expect(git(repo, "for-each-ref", `${SNAPSHOT_NAMESPACE}/${snapshot.id}/`)).toContain("worktree");
  deleteSnapshotsOf([{ kind: "rescue", cwd: repo, kindInput: { snapshot } }]);
  expect(git(repo, "for-each-ref", SNAPSHOT_NAMESPACE)).toBe("");
});

test("the changed-files snapshot (tree-snapshot) also runs no post-index-change hook", () => {
  const repo = initRepo(join(dir, "r"));
  const marker = join(dir, "hook-ran");
  writeFileSync(join(repo, ".git/hooks/post-index-change"), `#!/bin/sh\ntouch ${marker}\n`);
  chmodSync(join(repo, ".git/hooks/post-index-change"), 0o755);
  writeFiles(repo, { "b.txt": "b\n" });
  expect(takeSnapshot(repo).tree).not.toBeNull();
  expect(existsSync(marker)).toBe(false);
});
