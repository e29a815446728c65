/**
 * What a rescue changed: a snapshot of the working tree (tracked changes and untracked files,
 * honouring .gitignore) taken before and after Claude runs, diffed with git.
 *
 * The snapshot is a git tree object written through a private copy of the index, so the user's
 * index, HEAD and branches are never touched; copying the index keeps `git add -A` incremental on
 * big repositories (unchanged files are recognised by their cached stat data).
 */
import { copyFileSync, mkdtempSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { internalGit, NO_GIT } from "./git.ts";

export interface TreeSnapshot {
  /** Tree object id of the whole working tree, or null when it could not be taken. */
  tree: string | null;
  head: string | null;
  /** Why there is no tree (not a repository, git failed …). */
  reason: string | null;
}

interface FileChange {
  path: string;
  added: number | null; // null for binary files
  deleted: number | null;
}

export interface TreeChanges {
  files: FileChange[];
  /** `git diff --stat` text between the two snapshots ("" when nothing changed). */
  stat: string;
  headMoved: boolean;
  /** Set when the changes could not be computed. */
  unavailable: string | null;
}

// cc's hardened git: no hooks, filters or fsmonitor of the repository run (src/lib/git.ts).
const git = (cwd: string, args: string[], env: Record<string, string> = {}) => internalGit(cwd, args, { env });

/**
 * git trusts an index entry's cached stat data only when the file was modified before the index was
 * written ("racy git"): a fresh mtime on the copy would make a same-size edit within the same second
 * look unchanged. Keeping the index's own times keeps git's check exact (the copy's mtime, truncated
 * to milliseconds, can only be earlier, which makes git look at more files, never fewer).
 */
function copyPreservingTimes(from: string, to: string): void {
  copyFileSync(from, to);
  const st = statSync(from);
  utimesSync(to, st.atime, st.mtime);
}

export function takeSnapshot(cwd: string): TreeSnapshot {
  const gitDir = git(cwd, ["rev-parse", "--absolute-git-dir"]);
  if (!gitDir.ok) return { tree: null, head: null, reason: gitDir.err === NO_GIT ? NO_GIT : "not a git repository" };
  const head = git(cwd, ["rev-parse", "--verify", "-q", "HEAD"]);
  const scratch = mkdtempSync(join(tmpdir(), "cc-snapshot-"));
  const index = join(scratch, "index");
  try {
    try {
      copyPreservingTimes(join(gitDir.out.trim(), "index"), index);
    } catch {
      /* no index yet (fresh repository): git builds one from scratch */
    }
    const env = { GIT_INDEX_FILE: index };
    const top = git(cwd, ["rev-parse", "--show-toplevel"]).out.trim() || cwd;
    const add = git(top, ["add", "-A", "--", "."], env);
    if (!add.ok) return { tree: null, head: head.ok ? head.out.trim() : null, reason: `git add failed: ${add.err}` };
    const tree = git(top, ["write-tree"], env);
    if (!tree.ok) return { tree: null, head: head.ok ? head.out.trim() : null, reason: `git write-tree failed: ${tree.err}` };
    return { tree: tree.out.trim(), head: head.ok ? head.out.trim() : null, reason: null };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function diffSnapshots(cwd: string, before: TreeSnapshot, after: TreeSnapshot): TreeChanges {
  const headMoved = before.head !== after.head;
  if (!before.tree || !after.tree) {
    return { files: [], stat: "", headMoved, unavailable: before.reason ?? after.reason ?? "no snapshot" };
  }
  if (before.tree === after.tree) return { files: [], stat: "", headMoved, unavailable: null };
  const numstat = git(cwd, ["diff", "--no-ext-diff", "--no-textconv", "--numstat", "-z", "--no-renames", before.tree, after.tree]);
  const stat = git(cwd, ["diff", "--no-ext-diff", "--no-textconv", "--stat=100", "--no-renames", before.tree, after.tree]);
  if (!numstat.ok) return { files: [], stat: "", headMoved, unavailable: `git diff failed: ${numstat.err}` };
  const files: FileChange[] = [];
  // -z numstat: "<added>\t<deleted>\t<path>\0"
  for (const record of numstat.out.split("\0")) {
    const m = /^(\d+|-)\t(\d+|-)\t([\s\S]+)$/.exec(record);
    if (!m) continue;
    files.push({ path: m[3]!, added: m[1] === "-" ? null : Number(m[1]), deleted: m[2] === "-" ? null : Number(m[2]) });
  }
  return { files, stat: stat.out.trimEnd(), headMoved, unavailable: null };
}
