/**
 * `findWorkTreeRoot` (src/lib/work-tree-root.ts) must give git's own answer or none: in each layout
 * it either equals `git rev-parse --show-toplevel` (null where git finds no repository) or is
 * undefined, "ask git". A wrong root would list another workspace's jobs.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findWorkTreeRoot } from "../../src/lib/work-tree-root.ts";
import { git, initRepo } from "../support/git.ts";

const root = realpathSync(mkdtempSync(join(tmpdir(), "cc-work-tree-root-")));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What git says, as cc's full road reads it: the top level, or null when git fails. */
function gitsAnswer(cwd: string, env: Record<string, string> = {}): string | null {
  const r = Bun.spawnSync(["git", "rev-parse", "--show-toplevel"], { cwd, env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
  return r.exitCode === 0 ? r.stdout.toString().trim() || null : null;
}

const repo = initRepo(join(root, "repo"));
mkdirSync(join(repo, "a", "b"), { recursive: true });
git(repo, "worktree", "add", "-q", "--detach", join(root, "linked"));
// A submodule's layout: a `.git` file with a relative gitdir.
mkdirSync(join(repo, ".git", "modules", "sub"), { recursive: true });
git(join(repo, ".git", "modules", "sub"), "init", "-q", "--bare");
git(join(repo, ".git", "modules", "sub"), "config", "core.bare", "false");
mkdirSync(join(repo, "sub"), { recursive: true });
writeFileSync(join(repo, "sub", ".git"), "gitdir: ../.git/modules/sub\n");
mkdirSync(join(root, "plain", "deeper"), { recursive: true });

const same: [string, string][] = [
  ["the top level", repo],
  ["a subdirectory", join(repo, "a", "b")],
  ["a linked worktree", join(root, "linked")],
  ["a submodule's `.git` file", join(repo, "sub")],
];

for (const [what, cwd] of same) {
  test(`git's answer in ${what}`, async () => {
    const found = await findWorkTreeRoot(cwd, {});
    expect(found).toBe(gitsAnswer(cwd)!);
    expect(found).not.toBeNull();
  });
}

test("outside any repository: git's answer (none) or ask git", async () => {
  const cwd = join(root, "plain", "deeper");
  const found = await findWorkTreeRoot(cwd, {});
  // Under a mount point or not, never a wrong directory.
  if (found !== undefined) expect(found).toBe(gitsAnswer(cwd));
});

test("wherever git's answer could differ, it asks git", async () => {
  const bare = join(root, "bare.git");
  git(root, "init", "-q", "--bare", bare);
  expect(await findWorkTreeRoot(bare, {})).toBeUndefined();
  expect(await findWorkTreeRoot(join(repo, ".git"), {})).toBeUndefined();
  expect(await findWorkTreeRoot(join(repo, ".git", "refs"), {})).toBeUndefined();
  for (const name of ["GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES", "GIT_CONFIG_PARAMETERS"]) {
    expect(await findWorkTreeRoot(join(repo, "a"), { [name]: "/elsewhere" })).toBeUndefined();
  }
  const moved = initRepo(join(root, "moved"));
  git(moved, "config", "core.worktree", join(root, "plain"));
  expect(await findWorkTreeRoot(moved, {})).toBeUndefined();
  // A `.git` directory git would not take for a repository (no HEAD).
  const broken = join(root, "broken");
  mkdirSync(join(broken, ".git"), { recursive: true });
  expect(await findWorkTreeRoot(broken, {})).toBeUndefined();
  const dangling = join(root, "dangling");
  mkdirSync(dangling, { recursive: true });
  writeFileSync(join(dangling, ".git"), "gitdir: /no/such/dir\n");
  expect(await findWorkTreeRoot(dangling, {})).toBeUndefined();
});
