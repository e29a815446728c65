/**
 * `bun run bench:review-checkout` — what a review of a ref or pull request pays before Claude
 * starts: cc's private read-only checkout (a repository borrowing the user's objects) created and
 * removed, next to the obvious alternative measured in the same run, `git worktree add --detach` /
 * `git worktree remove` (which also writes `.git/worktrees/` of the user's repository).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fillCheckout, removeCheckout, reserveCheckout } from "../src/review/checkout.ts";
import { fmtMs, printTable, stats } from "./lib.ts";

const root = mkdtempSync(join(tmpdir(), "cc-bench-checkout-"));
process.env.CC_DATA_DIR = join(root, "data");
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: "b",
  GIT_AUTHOR_EMAIL: "b@b",
  GIT_COMMITTER_NAME: "b",
  GIT_COMMITTER_EMAIL: "b@b",
  GIT_CONFIG_GLOBAL: "/dev/null",
};
const git = (cwd: string, ...args: string[]) => {
  const r = Bun.spawnSync(["git", ...args], { cwd, env, stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.toString().trim();
};

function repoWith(files: number): string {
  const repo = join(root, `repo-${files}`);
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  for (let i = 0; i < files; i++) {
    const dir = join(repo, `d${i % 100}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${i}.ts`), `export const v${i} = ${i};\n`.repeat(20));
  }
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "files");
  return repo;
}

const runs = 5;
const rows: (string | number)[][] = [];
for (const files of [1000, 10000]) {
  const repo = repoWith(files);
  const head = git(repo, "rev-parse", "HEAD");
  const ours: number[] = [];
  const worktree: number[] = [];
  for (let i = 0; i < runs; i++) {
    let began = performance.now();
    const c = reserveCheckout(repo, false);
    fillCheckout(c, head);
    removeCheckout(c.token);
    ours.push(performance.now() - began);
    began = performance.now();
    const wt = join(root, `wt-${files}-${i}`);
    git(repo, "worktree", "add", "-q", "--detach", wt, head);
    git(repo, "worktree", "remove", "--force", wt);
    worktree.push(performance.now() - began);
  }
  for (const [name, samples] of [
    [`cc checkout + removal, ${files} files`, ours],
    [`baseline: git worktree add + remove, ${files} files`, worktree],
  ] as const) {
    const s = stats(samples);
    rows.push([name, runs, fmtMs(s.min), fmtMs(s.median), fmtMs(s.max)]);
  }
}
printTable(["step", "runs", "min ms", "median ms", "max ms"], rows);
rmSync(root, { recursive: true, force: true });
