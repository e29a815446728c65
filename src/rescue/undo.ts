/**
 * `cc rescue --undo <job>`: put the working tree, the index, HEAD, every branch and tag and the
 * stash back as they were before the rescue ran, from its snapshot (src/rescue/snapshot.ts).
 *
 * It refuses when the repository is no longer as the rescue left it (the state recorded when the
 * job finished): the user has worked since, and an undo would silently throw that work away.
 * Ignored files are not part of a snapshot and are left as they are.
 */
import { lstatSync, mkdtempSync, realpathSync, rmSync, rmdirSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { internalGit, internalGitOrThrow } from "../lib/git.ts";
import type { RepoState, Snapshot } from "../contracts/rescue-job.ts";
import { compareStates, describeDifference, isSameState, readRepoState, SNAPSHOT_NAMESPACE } from "./snapshot.ts";

export type UndoResult =
  | { kind: "restored"; restored: string[] }
  | { kind: "already"; }
  | { kind: "refused"; reason: string; details: string[]; hint: string };

const ZERO = "0000000000000000000000000000000000000000";

function topLevel(cwd: string): string {
  return internalGitOrThrow(cwd, ["rev-parse", "--show-toplevel"]).trim();
}

/**
 * Remove directories left empty by deleting `path`, as git does when it removes files (git has no
 * empty directories), up to the top level, sparing `keep` (the rescue's cwd) and its ancestors.
 */
function pruneEmptyParents(top: string, path: string, keep: string): void {
  for (let dir = dirname(path); dir.length > top.length && dir.startsWith(`${top}/`); dir = dirname(dir)) {
    if (keep === dir || keep.startsWith(`${dir}/`)) return;
    try {
      rmdirSync(dir);
    } catch {
      return; // not empty (or gone): stop climbing
    }
  }
}

/**
 * A directory of the snapshot that is now a symlink (say, to somewhere outside the repository)
 * must not be written or deleted through: remove the link itself, checkout-index makes the directory.
 */
function unlinkSymlinkedParents(top: string, path: string): void {
  const parts = path.split("/").slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const dir = join(top, ...parts.slice(0, i));
    try {
      if (lstatSync(dir).isSymbolicLink()) unlinkSync(dir);
      else continue;
    } catch {
      return; // missing: nothing below it to follow
    }
  }
}

/** Make the working tree's files match `beforeTree`, touching only paths that differ from `nowTree`. */
function restoreWorktree(top: string, cwd: string, beforeTree: string, nowTree: string): number {
  if (beforeTree === nowTree) return 0;
  const status = internalGitOrThrow(top, ["diff", "--no-ext-diff", "--no-textconv", "--name-status", "-z", "--no-renames", beforeTree, nowTree]);
  const fields = status.split("\0").filter((f, i, all) => f !== "" || i < all.length - 1);
  const remove: string[] = [];
  const write: string[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [code, path] = [fields[i]!, fields[i + 1]!];
    (code === "A" ? remove : write).push(path);
  }
  // Files the rescue added go first: one may stand where a directory of the snapshot must return.
  for (const path of remove) {
    const full = join(top, path);
    try {
      unlinkSync(full);
    } catch {
      rmSync(full, { recursive: true, force: true });
    }
    pruneEmptyParents(top, full, cwd);
  }
  for (const path of write) {
    unlinkSymlinkedParents(top, path);
    // A type change (file → directory) leaves a directory where the file must go.
    rmSync(join(top, path), { recursive: true, force: true });
  }
  if (write.length) {
    const scratch = mkdtempSync(join(tmpdir(), "cc-undo-"));
    try {
      const env = { GIT_INDEX_FILE: join(scratch, "index") };
      internalGitOrThrow(top, ["read-tree", beforeTree], { env });
      internalGitOrThrow(top, ["checkout-index", "-f", "-z", "--stdin"], { env, input: `${write.join("\0")}\0` });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return remove.length + write.length;
}

function restoreRefs(cwd: string, before: RepoState, now: RepoState): void {
  // HEAD first: a branch the rescue created may be the one HEAD points at, and is deleted below.
  if (before.headRef) internalGitOrThrow(cwd, ["symbolic-ref", "HEAD", before.headRef]);
  else if (before.headCommit) internalGitOrThrow(cwd, ["update-ref", "--no-deref", "HEAD", before.headCommit]);
  const lines: string[] = [];
  for (const [ref, id] of Object.entries(before.refs)) if (now.refs[ref] !== id) lines.push(`update ${ref} ${id} ${now.refs[ref] ?? ZERO}`);
  for (const [ref, id] of Object.entries(now.refs)) if (!(ref in before.refs)) lines.push(`delete ${ref} ${id}`);
  if (lines.length) internalGitOrThrow(cwd, ["update-ref", "--stdin"], { input: `${lines.join("\n")}\n` });
}

function restoreStash(cwd: string, before: RepoState): void {
  internalGit(cwd, ["update-ref", "-d", "refs/stash"]);
  for (const entry of [...before.stash].reverse()) internalGitOrThrow(cwd, ["stash", "store", "-m", entry.message, entry.commit]);
}

/** Undo one rescue. `after` is the state recorded when it finished. */
export function undoSnapshot(cwd: string, snapshot: Snapshot, after: RepoState | null): UndoResult {
  const before = snapshot.state;
  const now = readRepoState(cwd);
  if (isSameState(compareStates(before, now))) return { kind: "already" };
  if (!after) {
    return { kind: "refused", reason: "the rescue did not record how it left the repository", details: [], hint: "Wait for it to finish (`cc status <job> --wait`), then undo." };
  }
  const since = compareStates(after, now);
  if (!isSameState(since)) {
    return {
      kind: "refused",
      reason: "the repository changed after the rescue ended; undoing now would throw those changes away",
      details: describeDifference(since),
      hint: `Put those changes aside first (commit or stash them), or restore by hand from ${SNAPSHOT_NAMESPACE}/${snapshot.id}/ (worktree, index, heads/…, tags/…).`,
    };
  }
  if (!before.worktree || !internalGit(cwd, ["cat-file", "-e", `${before.worktree}^{tree}`]).ok) {
    return { kind: "refused", reason: `the snapshot's objects are gone (${before.reason ?? "deleted from the repository"})`, details: [], hint: "Nothing was changed." };
  }

  const done = describeDifference(compareStates(now, before));
  const top = topLevel(cwd);
  restoreRefs(cwd, before, now);
  if (JSON.stringify(before.stash) !== JSON.stringify(now.stash)) restoreStash(cwd, before);
  if (before.index && before.index !== now.index) {
    internalGitOrThrow(cwd, ["read-tree", before.index]);
  }
  restoreWorktree(top, realpathSync(cwd), before.worktree, now.worktree ?? before.worktree);
  internalGit(cwd, ["update-index", "-q", "--refresh"]);
  return { kind: "restored", restored: done };
}
