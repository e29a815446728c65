/**
 * `cc rescue --undo <job>`: put the working tree, the index, HEAD, every branch and tag and the
 * stash back as they were before the rescue ran, from its snapshot (src/rescue/snapshot.ts).
 *
 * It refuses when the repository is no longer as the rescue left it (the state recorded when the
 * job finished): the user has worked since, and an undo would silently throw that work away. That
 * check covers every file undo writes, including those git no longer shows (rescue/hidden-files.ts).
 * Ignored files are not part of a snapshot and are otherwise left as they are. It never reports
 * success without having checked that the repository is back as the snapshot recorded it.
 */
import { lstatSync, mkdtempSync, realpathSync, rmdirSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { RepoState, Snapshot } from "../contracts/rescue-job.ts";
import { internalGit, internalGitOrThrow } from "../lib/git.ts";
import { ccHint } from "../lib/invocation.ts";
import { changedSince, vanishedPaths } from "./hidden-files.ts";
import { compareStates, describeDifference, isSameState, readRepoState, SNAPSHOT_NAMESPACE, unrecordedTree } from "./snapshot.ts";

export type UndoResult =
  | { kind: "restored"; restored: string[] }
  | { kind: "already" }
  | { kind: "refused"; reason: string; details: string[]; hint: string }
  /** Undo ran, but the repository still differs from the snapshot: `remaining` says where. */
  | { kind: "incomplete"; restored: string[]; remaining: string[]; hint: string };

/** Files named in a message, at most this many (then "… and N more"). */
const LISTED = 20;
const KINDS: Record<string, string> = { A: "added", D: "deleted", M: "modified", T: "type changed" };

function listed(names: string[]): string[] {
  return names.length > LISTED ? [...names.slice(0, LISTED), `… and ${names.length - LISTED} more`] : names;
}

/** The files that differ between two trees, named: `notes.txt (added)`. */
function namedChanges(cwd: string, from: string | null, to: string | null): string[] {
  if (!from || !to || from === to) return [];
  const r = internalGit(cwd, ["diff", "--no-ext-diff", "--no-textconv", "--name-status", "-z", "--no-renames", from, to]);
  const fields = r.ok ? r.out.split("\0") : [];
  const names: string[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) names.push(`${fields[i + 1]} (${KINDS[fields[i]!] ?? "changed"})`);
  return names;
}

/** describeDifference, with the files behind "working tree" and "index" named. */
function describeNamed(cwd: string, from: RepoState, to: RepoState): string[] {
  const d = compareStates(from, to);
  return describeDifference(d).flatMap((line) => {
    const files = line.startsWith("working tree:")
      ? namedChanges(cwd, from.worktree, to.worktree)
      : line.startsWith("index:")
        ? namedChanges(cwd, from.index, to.index)
        : [];
    return [line, ...listed(files).map((f) => `  ${f}`)];
  });
}

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
export function restoreWorktree(top: string, cwd: string, beforeTree: string, nowTree: string): number {
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

/**
/**
 * The git command that puts the files (and HEAD's commit) back as they were before the rescue,
 * whatever happened since: for a person who wants that although it throws later changes away.
 */
function goBackCommand(cwd: string, before: RepoState): string | null {
  if (!before.worktree) return null;
  const top = topLevel(cwd);
  const reset = before.headCommit && readRepoState(cwd).headCommit !== before.headCommit ? `git -C ${top} reset -q --hard ${before.headCommit} && ` : "";
  return `\`${reset}git -C ${top} restore --source=${before.worktree} --worktree -- :/\``;
}

/**
 * Undo one rescue (`jobId`'s). `after` is the state recorded when it finished, `hidden` how it left
 * the files its tree no longer lists (both from the job's output).
 */
export function undoSnapshot(cwd: string, snapshot: Snapshot, after: RepoState | null, jobId: string, hidden?: Record<string, string>): UndoResult {
  const before = snapshot.state;
  const snapshotRefs = `${SNAPSHOT_NAMESPACE}/${snapshot.id}/`;
  if (!before.worktree) {
    return {
      kind: "refused",
      reason: `its snapshot holds no working tree (${unrecordedTree(before.reason).message}), so there are no files to restore`,
      details: [],
      hint: `Nothing was changed. HEAD, branches and tags are under ${snapshotRefs} to restore by hand.`,
    };
  }
  const now = readRepoState(cwd);
  if (!now.worktree) {
    const why = unrecordedTree(now.reason);
    return { kind: "refused", reason: `cc cannot read the working tree now: ${why.message}`, details: [], hint: `Nothing was changed. ${why.hint}` };
  }
  if (isSameState(compareStates(before, now))) return { kind: "already" };
  if (!after) {
    return {
      kind: "refused",
      reason: "the rescue did not record how it left the repository",
      details: [],
      hint: `Wait for it to finish (${ccHint("status", jobId, "--wait")}), then undo.`,
    };
  }
  if (!after.worktree) {
    return {
      kind: "refused",
      reason: `the rescue left a working tree cc could not record (${unrecordedTree(after.reason).message}), so your later edits cannot be told from the rescue's`,
      details: [],
      hint: `Nothing was changed. Restore by hand from ${snapshotRefs}: \`git restore --source=${snapshotRefs}worktree --worktree -- .\``,
    };
  }
  const since = compareStates(after, now);
  if (!isSameState(since)) {
    // Not "stash them": a stash would take the rescue's own edits along with the later ones.
    const command = goBackCommand(cwd, before);
    return {
      kind: "refused",
      reason: "the repository changed after the rescue ended; undoing now would throw those changes away",
      details: describeNamed(cwd, after, now),
      hint: `Undo those later changes yourself, then run ${ccHint("rescue", "--undo", jobId)} again.${command ? ` Or go back to before the rescue anyway, throwing the later changes away too: ${command}` : ""}`,
    };
  }
  if (!internalGit(cwd, ["cat-file", "-e", `${before.worktree}^{tree}`]).ok) {
    return {
      kind: "refused",
      reason: `the snapshot's objects are gone (${before.reason ?? "deleted from the repository"})`,
      details: [],
      hint: "Nothing was changed.",
    };
  }
  const top = topLevel(cwd);
  // Files undo writes back that git does not show (now ignored, or deleted): compared on disk.
  const edited = changedSince(top, vanishedPaths(top, before.worktree, now.worktree), hidden ?? {});
  if (edited.length) {
    return {
      kind: "refused",
      reason: "files undo would write back changed after the rescue ended (git does not show them: they are ignored or deleted now)",
      details: listed(edited),
      hint: "Move them aside (undo then writes back the versions from before the rescue), then undo again.",
    };
  }

  const done = describeDifference(compareStates(now, before));
  restoreRefs(cwd, before, now);
  if (JSON.stringify(before.stash) !== JSON.stringify(now.stash)) restoreStash(cwd, before);
  if (before.index && before.index !== now.index) {
    internalGitOrThrow(cwd, ["read-tree", before.index]);
  }
  restoreWorktree(top, realpathSync(cwd), before.worktree, now.worktree);
  internalGit(cwd, ["update-index", "-q", "--refresh"]);
  // Success only when the repository reads back as the snapshot (an index with conflicts was never recorded).
  const end = readRepoState(cwd);
  const remaining = describeNamed(cwd, before.index ? before : { ...before, index: end.index }, end);
  if (remaining.length) return { kind: "incomplete", restored: done, remaining, hint: `Compare with ${snapshotRefs} and restore the rest by hand.` };
  return { kind: "restored", restored: done };
}
