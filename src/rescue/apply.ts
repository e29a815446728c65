/**
 * Bringing a worktree rescue's work into the user's tree: a three-way merge of
 * base = the launch snapshot, ours = the tree as it is now (with everything the user did meanwhile),
 * theirs = the checkout's final tree. git's own merge (`merge-tree --write-tree`, rename detection
 * included) computes it on three commits cc makes for the purpose; only cc's refs and objects are
 * written until the user's files change, and they change only after a snapshot that
 * `cc rescue --undo <job>` restores. The index, HEAD and branches are left alone: the changes arrive
 * uncommitted, as an in-place rescue leaves them.
 */
import { realpathSync } from "node:fs";
import type { RepoState, Snapshot } from "../contracts/rescue-job.ts";
import { internalGit, internalGitOrThrow } from "../lib/git.ts";
import { takeSnapshot } from "../lib/tree-snapshot.ts";
import { deleteSnapshot, readRepoState, recordSnapshot } from "./snapshot.ts";
import { restoreWorktree } from "./undo.ts";
import { collectedResult, collectWorktree, type WorktreeInfo } from "./worktree.ts";

export interface ApplyPlan {
  /** The tree the working tree would have afterwards (with conflict markers where they conflict). */
  merged: string;
  /** The tree the working tree has now. */
  ours: string;
  conflicts: string[];
  /** git's messages about the merge (renames followed, conflicts by kind). */
  messages: string[];
  /** `git diff --stat` of the working tree now → after the apply. */
  stat: string;
  files: number;
}

export interface ApplyTarget {
  jobId: string;
  worktree: WorktreeInfo;
  /** The launch snapshot's working tree: the merge base. */
  baseTree: string;
  baseCommit: string | null;
}

const commit = (cwd: string, tree: string, parents: string[], what: string) =>
  internalGitOrThrow(cwd, ["commit-tree", tree, ...parents.flatMap((p) => ["-p", p]), "-m", `cc apply: ${what}`]).trim();

/** The job's final tree, brought back now if the run ended before cc could (a killed worker). */
function theirTree(target: ApplyTarget): string {
  return collectedResult(target.jobId, target.worktree.userRoot) ?? collectWorktree(target.jobId, target.worktree, target.baseCommit).tree;
}

/** `-z` output of merge-tree --name-only: tree, conflicted paths, an empty field, then messages. */
function parseMergeTree(out: string): { tree: string; conflicts: string[]; messages: string[] } {
  const fields = out.split("\0");
  const tree = fields[0]!.trim();
  let i = 1;
  const conflicts: string[] = [];
  for (; i < fields.length && fields[i] !== ""; i++) conflicts.push(fields[i]!);
  const messages: string[] = [];
  // Each message: <number of paths>, the paths, a type, the text.
  for (i++; i < fields.length; ) {
    const count = Number(fields[i]);
    if (!Number.isInteger(count)) break;
    const text = fields[i + count + 2];
    if (text !== undefined) messages.push(text.trim());
    i += count + 3;
  }
  return { tree, conflicts: [...new Set(conflicts)], messages };
}

/** `--check`: what applying would do to the tree as it is now. Writes only objects, never a file or a ref. */
export function checkApply(target: ApplyTarget, cwd: string): ApplyPlan {
  const now = takeSnapshot(cwd);
  if (!now.tree) throw new Error(`cannot read your working tree: ${now.reason}`);
  return planApply(target, cwd, now.tree);
}

/** What applying would do to the tree `oursTree`. */
function planApply(target: ApplyTarget, cwd: string, oursTree: string): ApplyPlan {
  const top = target.worktree.userRoot;
  const theirs = theirTree(target);
  const base = commit(top, target.baseTree, [], "launch snapshot");
  const ours = commit(top, oursTree, [base], "your tree now");
  const job = commit(top, theirs, [base], `result of ${target.jobId}`);
  const r = internalGit(top, ["merge-tree", "--write-tree", "--name-only", "-z", ours, job]);
  if (r.code !== 0 && r.code !== 1) throw new Error(`git merge-tree failed: ${r.err || `exit ${r.code}`}`);
  const merged = parseMergeTree(r.out);
  const stat =
    merged.tree === oursTree
      ? ""
      : internalGitOrThrow(cwd, ["diff", "--no-ext-diff", "--no-textconv", "--stat=100", "--find-renames", oursTree, merged.tree]).trimEnd();
  const names = merged.tree === oursTree ? "" : internalGitOrThrow(cwd, ["diff", "--no-ext-diff", "--name-only", "-z", "--no-renames", oursTree, merged.tree]);
  return {
    merged: merged.tree,
    ours: oursTree,
    conflicts: r.code === 1 ? merged.conflicts : [],
    messages: merged.messages,
    stat,
    files: names.split("\0").filter(Boolean).length,
  };
}

export type ApplyOutcome =
  | { kind: "applied"; plan: ApplyPlan; snapshot: Snapshot; after: RepoState }
  | { kind: "conflict"; plan: ApplyPlan }
  | { kind: "nothing"; plan: ApplyPlan };

/**
 * Apply the job's work to the tree at `cwd`. Conflicts refuse (nothing changes) unless `markers`:
 * then the conflicting files get standard conflict markers.
 */
export function applyWorktree(target: ApplyTarget, cwd: string, opts: { markers: boolean }): ApplyOutcome {
  // The snapshot is taken first and its tree is "ours": the apply changes exactly what it planned against.
  const snapshot = recordSnapshot(cwd);
  const oursTree = snapshot.state.worktree;
  if (!oursTree) throw new Error(`cannot read your working tree: ${snapshot.state.reason}`);
  const plan = planApply(target, cwd, oursTree);
  const unused = plan.merged === oursTree || (plan.conflicts.length > 0 && !opts.markers);
  if (unused) deleteSnapshot(cwd, snapshot.id);
  if (plan.conflicts.length && !opts.markers) return { kind: "conflict", plan };
  if (plan.merged === oursTree) return { kind: "nothing", plan };
  const top = internalGitOrThrow(cwd, ["rev-parse", "--show-toplevel"]).trim();
  restoreWorktree(top, realpathSync(cwd), plan.merged, oursTree);
  internalGit(cwd, ["update-index", "-q", "--refresh"]);
  return { kind: "applied", plan, snapshot, after: readRepoState(cwd) };
}
