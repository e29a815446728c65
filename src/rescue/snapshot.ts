/**
 * A recoverable picture of everything in a repository a rescue could take away: HEAD (branch or
 * detached), every branch and tag, the stash (all entries), the index and the working tree with
 * untracked files (ignored files are not part of it). Before a write run it is kept under cc's own
 * ref namespace, `refs/cc/snapshots/<id>/…`, so git gc keeps every object it needs; `cc rescue
 * --undo` puts it back. Trees come from src/lib/tree-snapshot.ts; every git call is cc's hardened one.
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import type { RepoState, Snapshot } from "../contracts/rescue-job.ts";
import { CcError } from "../lib/errors.ts";
import { internalGit, internalGitOrThrow } from "../lib/git.ts";
import { takeSnapshot } from "../lib/tree-snapshot.ts";

export const SNAPSHOT_NAMESPACE = "refs/cc/snapshots";

const lines = (text: string) => text.split("\n").filter(Boolean);

export function gitDirOf(cwd: string): string | null {
  const r = internalGit(cwd, ["rev-parse", "--absolute-git-dir"]);
  return r.ok ? r.out.trim() : null;
}

function stashEntries(cwd: string): RepoState["stash"] {
  const r = internalGit(cwd, ["log", "-g", "--format=%H%x09%gs", "refs/stash", "--"]);
  if (!r.ok) return [];
  return lines(r.out).map((line) => {
    const tab = line.indexOf("\t");
    return { commit: line.slice(0, tab), message: line.slice(tab + 1) };
  });
}

/** The index as a tree, written from a private copy: write-tree would otherwise rewrite the user's index. */
function indexTree(cwd: string, gitDir: string): string | null {
  const scratch = mkdtempSync(join(tmpdir(), "cc-index-"));
  try {
    const copy = join(scratch, "index");
    try {
      copyFileSync(join(gitDir, "index"), copy);
    } catch {
      /* no index yet: an empty one */
    }
    const r = internalGit(cwd, ["write-tree"], { env: { GIT_INDEX_FILE: copy } });
    return r.ok ? r.out.trim() : null;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The repository as it is now. Writes only objects (blobs and trees), never a ref or the index. */
export function readRepoState(cwd: string): RepoState {
  const sym = internalGit(cwd, ["symbolic-ref", "-q", "HEAD"]);
  const head = internalGit(cwd, ["rev-parse", "--verify", "-q", "HEAD^{commit}"]);
  const refs: Record<string, string> = {};
  for (const line of lines(internalGit(cwd, ["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads", "refs/tags"]).out)) {
    const [id, name] = line.split(" ");
    if (id && name) refs[name] = id;
  }
  const tree = takeSnapshot(cwd);
  const gitDir = gitDirOf(cwd);
  const index = gitDir ? indexTree(cwd, gitDir) : null;
  const reason = tree.reason ?? (index === null ? "the index has unresolved conflicts and cannot be recorded" : null);
  return {
    headRef: sym.ok ? sym.out.trim() : null,
    headCommit: head.ok ? head.out.trim() : null,
    refs,
    stash: stashEntries(cwd),
    index,
    worktree: tree.tree,
    reason,
  };
}

/** A commit holding `tree`, so the ref that names it keeps the tree alive through gc. */
function holderCommit(cwd: string, tree: string, what: string): string {
  return internalGitOrThrow(cwd, ["commit-tree", tree, "-m", `cc snapshot: ${what}`]).trim();
}

/**
 * Why the working tree cannot be recorded, as a message naming the path and its fix. git's `add`
 * stops at the first repository nested inside with no commit (`git init tools/x`): it can neither
 * add it as a gitlink nor look inside it.
 */
export function unrecordedTree(reason: string | null): { message: string; hint: string } {
  const nested = /'(.+?)\/?' does not have a commit checked out/.exec(reason ?? "")?.[1];
  if (nested) {
    return {
      message: `${nested} is a git repository with no commit, which git cannot record`,
      hint: `Commit something in ${nested} (\`git -C ${nested} commit --allow-empty -m init\`) or remove it, then retry.`,
    };
  }
  return {
    message: `the working tree cannot be recorded (${(reason ?? "git failed").split("\n")[0]})`,
    hint: "Fix what git reports (a full disk, a damaged repository), then retry.",
  };
}

/**
 * Repositories nested in the working tree that have commits: the snapshot holds each as its commit
 * (a gitlink), not the files inside it, so undo cannot restore edits made in them.
 */
export function nestedRepositories(cwd: string, tree: string): string[] {
  const r = internalGit(cwd, ["ls-tree", "-r", "-z", tree]);
  if (!r.ok) return [];
  return r.out
    .split("\0")
    .filter((entry) => entry.startsWith("160000 "))
    .map((entry) => entry.slice(entry.indexOf("\t") + 1));
}

/** Record the state now under a fresh `refs/cc/snapshots/<id>`, in one ref transaction. */
export function recordSnapshot(cwd: string): Snapshot {
  const gitDir = gitDirOf(cwd);
  if (!gitDir) throw new Error("not a git repository");
  const state = readRepoState(cwd);
  // No working tree in the snapshot, nothing for undo to restore: a write run must not start on it.
  if (!state.worktree) {
    const why = unrecordedTree(state.reason);
    throw new CcError(why.message, { hint: why.hint });
  }
  const id = `${Date.now().toString(36)}-${randomBytes(4).toString("hex")}`;
  const base = `${SNAPSHOT_NAMESPACE}/${id}`;
  const updates: string[] = [];
  const keep = (ref: string, object: string) => updates.push(`update ${base}/${ref} ${object}`);
  if (state.headCommit) keep("HEAD", state.headCommit);
  for (const [ref, object] of Object.entries(state.refs)) keep(ref.replace(/^refs\//, ""), object);
  for (const [n, entry] of state.stash.entries()) keep(`stash/${n}`, entry.commit);
  if (state.index) keep("index", holderCommit(cwd, state.index, "index"));
  if (state.worktree) keep("worktree", holderCommit(cwd, state.worktree, "working tree"));
  internalGitOrThrow(cwd, ["update-ref", "--stdin"], { input: `${updates.join("\n")}\n` });
  return { id, gitDir, state };
}

/** Delete a snapshot's refs (pruning its job). Missing refs are fine. */
export function deleteSnapshot(cwd: string, id: string): boolean {
  if (!/^[0-9a-z]+-[0-9a-f]+$/.test(id)) return false;
  const listed = internalGit(cwd, ["for-each-ref", "--format=%(refname)", `${SNAPSHOT_NAMESPACE}/${id}/`]);
  if (!listed.ok) return false;
  const refs = lines(listed.out);
  if (refs.length === 0) return true;
  return internalGit(cwd, ["update-ref", "--stdin"], { input: refs.map((r) => `delete ${r}\n`).join("") }).ok;
}

/**
 * A rescue that recorded a snapshot holds its undo data (`cc rescue --undo`): housekeeping keeps
 * it; only `cc status --prune`, asked for by the user, deletes it with its refs.
 */
export function holdsUndoData(job: { kind: string; kindInput: unknown }): boolean {
  return job.kind === "rescue" && z.object({ snapshot: z.object({ id: z.string() }) }).safeParse(job.kindInput).success;
}

/** `cc status --prune` hook: a pruned rescue takes its snapshot refs with it. */
export function deleteSnapshotsOf(jobs: { kind: string; cwd: string; kindInput: unknown }[]): void {
  const withSnapshot = z.object({ snapshot: z.object({ id: z.string() }) });
  for (const job of jobs) {
    const meta = withSnapshot.safeParse(job.kindInput);
    if (job.kind !== "rescue" || !meta.success) continue;
    try {
      deleteSnapshot(job.cwd, meta.data.snapshot.id);
    } catch {
      /* the repository is gone: so are its refs */
    }
  }
}

export interface StateDifference {
  head: { from: string; to: string } | null;
  refs: { ref: string; from: string | null; to: string | null }[];
  stashChanged: boolean;
  indexChanged: boolean;
  worktreeChanged: boolean;
}

const describeHead = (s: RepoState) => `${s.headRef ? s.headRef.replace(/^refs\/heads\//, "") : "detached"}@${s.headCommit?.slice(0, 10) ?? "unborn"}`;

/** What differs between two states: HEAD, each ref, the stash, the index, the working tree. */
export function compareStates(a: RepoState, b: RepoState): StateDifference {
  const names = [...new Set([...Object.keys(a.refs), ...Object.keys(b.refs)])].sort();
  const refs = names.filter((n) => a.refs[n] !== b.refs[n]).map((ref) => ({ ref, from: a.refs[ref] ?? null, to: b.refs[ref] ?? null }));
  const headSame = a.headRef === b.headRef && a.headCommit === b.headCommit;
  return {
    head: headSame ? null : { from: describeHead(a), to: describeHead(b) },
    refs,
    stashChanged: JSON.stringify(a.stash) !== JSON.stringify(b.stash),
    indexChanged: a.index !== b.index,
    worktreeChanged: a.worktree !== b.worktree,
  };
}

export const isSameState = (d: StateDifference) => !d.head && d.refs.length === 0 && !d.stashChanged && !d.indexChanged && !d.worktreeChanged;

/** One line per thing that moved, for the result and for undo's refusal. */
export function describeDifference(d: StateDifference): string[] {
  const out: string[] = [];
  if (d.head) out.push(`HEAD: ${d.head.from} → ${d.head.to}`);
  for (const r of d.refs) {
    const name = r.ref.replace(/^refs\/heads\//, "branch ").replace(/^refs\/tags\//, "tag ");
    out.push(
      r.from === null
        ? `${name}: created at ${r.to!.slice(0, 10)}`
        : r.to === null
          ? `${name}: deleted (was ${r.from.slice(0, 10)})`
          : `${name}: ${r.from.slice(0, 10)} → ${r.to.slice(0, 10)}`,
    );
  }
  if (d.stashChanged) out.push("stash: entries changed");
  if (d.indexChanged) out.push("index: staged changes differ");
  if (d.worktreeChanged) out.push("working tree: files differ");
  return out;
}
