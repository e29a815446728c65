/**
 * A rescue's private checkout ("worktree"): a repository of its own under cc's data dir,
 * `<data dir>/worktrees/<job id>`, whose files are the launch snapshot (HEAD, the index, the
 * uncommitted and the untracked-not-ignored files as the user had them) and which borrows the
 * user's objects read-only through `objects/info/alternates`, as `git clone --shared` does.
 *
 * Why not `git worktree add`: a linked worktree keeps its refs and objects in the user's `.git`, so a
 * Claude that may commit there can also move the user's branches (`git update-ref`, `git branch -f`).
 * Here Claude's commits, branches and tags live in the checkout's own `.git`; the user's tree and
 * repository stay outside everything Claude may write. cc itself (never Claude) brings the result
 * back by fetching it into `refs/cc/worktrees/<job>/` of the user's repository.
 *
 * The checkout's branch is named after the job (`cc/<job id>`), so Claude's commits are on a branch
 * a person recognises, and nothing is left under a detached HEAD for gc to take.
 */
import { appendFileSync, existsSync, lstatSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { internalGit, internalGitOrThrow } from "../lib/git.ts";
import { dataDir } from "../lib/paths.ts";
import { ensurePrivateDir, makeDirs } from "../lib/private-dir.ts";
import { takeSnapshot } from "../lib/tree-snapshot.ts";
import { restoreWorktree } from "./undo.ts";

const WORKTREE_NAMESPACE = "refs/cc/worktrees";

/** Ignored directories a checkout links to the user's copy by default (Node and Python projects). */
export const DEFAULT_SHARED = ["node_modules", ".venv", "venv"];

export type { WorktreeInfo, WorktreeResult } from "../contracts/rescue-job.ts";

import type { Snapshot, WorktreeInfo, WorktreeResult } from "../contracts/rescue-job.ts";

export const worktreesDir = () => join(dataDir(), "worktrees");

/** The top-level path of a job's checkout. Job ids are [a-z0-9-] (src/jobs/ids.ts). */
function worktreePath(jobId: string): string {
  if (!/^[a-z0-9-]+$/.test(jobId)) throw new Error(`not a job id: ${jobId}`);
  return join(worktreesDir(), jobId);
}

/** The user's `user.name`/`user.email` as a config section for the checkout ("" when neither is set). */
function identity(userCwd: string): string {
  const r = internalGit(userCwd, ["config", "--get-regexp", "^user\\.(name|email)$"]);
  const lines = r.ok ? r.out.split("\n").filter(Boolean) : [];
  const quote = (v: string) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  const entries = lines
    .map((l) => l.split(" "))
    .filter(([k, ...v]) => (k === "user.name" || k === "user.email") && v.join(" ").trim() && !/[\n\r]/.test(v.join(" ")));
  if (entries.length === 0) return "";
  return `[user]\n${entries.map(([k, ...v]) => `\t${k!.slice(5)} = ${quote(v.join(" "))}\n`).join("")}`;
}

function commonGitDir(cwd: string): string {
  return internalGitOrThrow(cwd, ["rev-parse", "--path-format=absolute", "--git-common-dir"]).trim();
}

/**
 * The user's ignored top-level directories (node_modules, target/ …), which a fresh checkout lacks:
 * those named in `share` are linked into it, the others are named in the result.
 */
function ignoredDirectories(userRoot: string, share: readonly string[]): { shared: string[]; missing: string[] } {
  let dirs: string[];
  try {
    dirs = readdirSync(userRoot, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== ".git")
      .map((d) => d.name);
  } catch {
    return { shared: [], missing: [] };
  }
  if (dirs.length === 0) return { shared: [], missing: [] };
  const r = internalGit(userRoot, ["check-ignore", "--stdin", "-z"], { input: dirs.map((n) => `${n}/`).join("\0") });
  const ignored = r.out
    .split("\0")
    .filter(Boolean)
    .map((p) => p.replace(/\/$/, ""));
  return { shared: ignored.filter((n) => share.includes(n)), missing: ignored.filter((n) => !share.includes(n)) };
}

/**
 * Make the checkout for job `jobId` from the launch snapshot. The user's repository gets nothing
 * (the snapshot's refs already keep every object the checkout borrows alive through gc).
 */
export function createWorktree(opts: { jobId: string; userCwd: string; userRoot: string; snapshot: Snapshot; share: readonly string[] }): WorktreeInfo {
  const { jobId, userCwd, userRoot, snapshot } = opts;
  const state = snapshot.state;
  if (!state.worktree || !state.index) throw new Error(`the launch snapshot is incomplete: ${state.reason ?? "no tree"}`);
  ensurePrivateDir(worktreesDir());
  const path = worktreePath(jobId);
  if (existsSync(path)) throw new Error(`${path} already exists`);
  const branch = `cc/${jobId}`;
  try {
    // --template= : no hooks or other files from the user's template directory.
    internalGitOrThrow(worktreesDir(), ["init", "-q", "--template=", `--initial-branch=${branch}`, path]);
    const gitDir = join(path, ".git");
    makeDirs(join(gitDir, "objects", "info"));
    writeFileSync(join(gitDir, "objects", "info", "alternates"), `${join(commonGitDir(userCwd), "objects")}\n`);
    // Written as files, not with one git process each: launch time is what a worktree costs.
    if (state.headCommit) {
      makeDirs(join(gitDir, "refs", "heads", "cc"));
      writeFileSync(join(gitDir, "refs", "heads", branch), `${state.headCommit}\n`);
    }
    // Claude commits as the user would there: a repository-local identity does not carry over by itself.
    appendFileSync(join(gitDir, "config"), identity(userCwd));
    // The index as the user had it (with stat data, so git status is fast), then the working tree's
    // differences on top: the checkout's `git status` reads as the user's did.
    // One writer. With git's parallel checkout (`checkout.workers`) two worktree rescues launched
    // together lost one's edits now and then; the same failure later came back with one writer and
    // was two claude runs sharing one settings file (src/claude/run-settings.ts), so parallel
    // checkout was most likely not the cause, but it stays off until a repeated run proves it.
    internalGitOrThrow(path, ["read-tree", "--reset", "-u", state.index]);
    restoreWorktree(path, path, state.worktree, state.index);
    const { shared, missing } = ignoredDirectories(userRoot, opts.share);
    makeDirs(join(gitDir, "info"));
    // The links are the user's directories, not the run's work: never part of the checkout's snapshot.
    writeFileSync(join(gitDir, "info", "exclude"), shared.map((n) => `/${n}\n`).join(""));
    for (const name of shared) {
      try {
        if (!existsSync(join(path, name))) symlinkSync(join(userRoot, name), join(path, name), "dir");
      } catch {
        /* no symlinks here (Windows without the right): the run rebuilds what it needs */
      }
    }
    return { path, branch, cwd: relative(userRoot, userCwd), userRoot, shared, ...(missing.length ? { missing } : {}) };
  } catch (error) {
    rmSync(path, { recursive: true, force: true });
    throw error;
  }
}

/** Where Claude runs: the checkout, at the directory the user ran cc from. */
export const runDirectory = (info: WorktreeInfo) => (info.cwd ? join(info.path, info.cwd) : info.path);

const resultRef = (jobId: string) => `${WORKTREE_NAMESPACE}/${jobId}/result`;

/**
 * Bring the checkout's final state into the user's repository: its tree (untracked files included)
 * as a commit on top of Claude's commits, fetched by cc into `refs/cc/worktrees/<job>/result`.
 * Idempotent: run at the end of the job, and again by apply when the job was killed before it.
 */
export function collectWorktree(jobId: string, info: WorktreeInfo, baseCommit: string | null): WorktreeResult {
  if (!existsSync(join(info.path, ".git"))) throw new Error(`the checkout ${info.path} is gone`);
  const snap = takeSnapshot(info.path);
  if (!snap.tree) throw new Error(`cannot read the checkout ${info.path}: ${snap.reason}`);
  const head = internalGit(info.path, ["rev-parse", "--verify", "-q", "HEAD^{commit}"]);
  const parent = head.ok ? ["-p", head.out.trim()] : [];
  const commit = internalGitOrThrow(info.path, ["commit-tree", snap.tree, ...parent, "-m", `cc: final tree of ${jobId}`]).trim();
  internalGitOrThrow(info.path, ["update-ref", "refs/cc/result", commit]);
  internalGitOrThrow(info.userRoot, [
    "fetch",
    "-q",
    "--no-tags",
    "--no-write-fetch-head",
    "--no-recurse-submodules",
    info.path,
    `+refs/cc/result:${resultRef(jobId)}`,
  ]);
  let commits: string[] = [];
  if (head.ok) {
    const range = baseCommit ? [`${baseCommit}..${head.out.trim()}`] : [head.out.trim()];
    const log = internalGit(info.userRoot, ["log", "--reverse", "--format=%h %s", "-n", "200", ...range, "--"]);
    commits = log.ok ? log.out.split("\n").filter(Boolean) : [];
  }
  return { resultRef: resultRef(jobId), tree: snap.tree, commits };
}

/** The result brought back earlier, if its ref is still there. */
export function collectedResult(jobId: string, userRoot: string): string | null {
  const r = internalGit(userRoot, ["rev-parse", "--verify", "-q", `${resultRef(jobId)}^{tree}`]);
  return r.ok ? r.out.trim() : null;
}

/** Bytes on disk under the checkout (links to shared directories not followed). */
export function worktreeSize(path: string): number {
  let total = 0;
  const walk = (dir: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else {
        try {
          total += lstatSync(full).size;
        } catch {
          /* gone meanwhile */
        }
      }
    }
  };
  walk(path);
  return total;
}

/** Remove the checkout and cc's refs of job `jobId` in the user's repository. Missing parts are fine. */
export function removeWorktree(jobId: string, info: WorktreeInfo): void {
  // The path comes from the job's row: only ever a directory directly under cc's worktrees dir.
  if (relative(worktreesDir(), info.path).match(/^[a-z0-9-]+$/)) rmSync(info.path, { recursive: true, force: true });
  const listed = internalGit(info.userRoot, ["for-each-ref", "--format=%(refname)", `${WORKTREE_NAMESPACE}/${jobId}/`]);
  const refs = listed.ok ? listed.out.split("\n").filter(Boolean) : [];
  if (refs.length) internalGit(info.userRoot, ["update-ref", "--stdin"], { input: refs.map((r) => `delete ${r}\n`).join("") });
}
