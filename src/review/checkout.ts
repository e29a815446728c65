/**
 * A read-only temporary checkout of the revision under review, so Claude reads the files of that
 * commit and never the user's working tree. It is a private repository of its own in cc's data dir
 * (`checkouts/<token>/tree`) that borrows the user's objects through `objects/info/alternates`:
 * nothing is written to the user's worktree, index, HEAD, branches, stash or `.git/worktrees`.
 * A pull request's head is fetched into a cc-private ref of the user's repository
 * (`refs/cc/review/<token>`) for the length of the review, and deleted with the checkout.
 *
 * Every checkout has an owner file (the creating process, the job once there is one); the next
 * review sweeps whatever a killed cc left behind (`sweepCheckouts`).
 */
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { z } from "zod";
import { CcError } from "../lib/errors.ts";
import { internalGit } from "../lib/git.ts";
import { dataDir } from "../lib/paths.ts";
import { ensurePrivateDir } from "../lib/private-dir.ts";
import { liveness, processStartTime } from "../lib/process.ts";

/** cc's private refs for fetched pull requests live under this prefix in the user's repository. */
export const REVIEW_REF_PREFIX = "refs/cc/review/";
/** A checkout without an owner file younger than this is being created right now. */
const UNOWNED_GRACE_MS = 60_000;

const ownerSchema = z.object({
  pid: z.number().int(),
  start: z.string().nullable(),
  /** The user's git directory (common dir) the ref below lives in. */
  gitDir: z.string(),
  ref: z.string().nullable(),
  createdAt: z.number().int(),
});
type Owner = z.infer<typeof ownerSchema>;

export interface Checkout {
  token: string;
  /** The work tree Claude runs in (with its own `.git`). */
  tree: string;
  /** The cc-private ref in the user's repository, when one was made (a pull request). */
  ref: string | null;
  gitDir: string;
}

export const checkoutsDir = () => join(dataDir(), "checkouts");

const newToken = () => `${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(2)).reduce((s, n) => s + n.toString(36), "")}`;

/** The user's common git directory, absolute (the object store a checkout borrows). */
export function commonGitDir(repoRoot: string): string {
  const r = internalGit(repoRoot, ["rev-parse", "--git-common-dir"]);
  if (!r.ok) throw new CcError(`cannot find the git directory of ${repoRoot}: ${r.err}`);
  const dir = r.out.trim();
  return isAbsolute(dir) ? dir : resolve(repoRoot, dir);
}

/** A fresh checkout slot with its owner file; the tree is filled by `fillCheckout`. */
export function reserveCheckout(repoRoot: string, withRef: boolean): Checkout {
  const gitDir = commonGitDir(repoRoot);
  const token = newToken();
  const dir = ensurePrivateDir(join(ensurePrivateDir(checkoutsDir()), token));
  const ref = withRef ? `${REVIEW_REF_PREFIX}${token}` : null;
  const owner: Owner = { pid: process.pid, start: processStartTime(process.pid), gitDir, ref, createdAt: Date.now() };
  writeFileSync(join(dir, "owner.json"), JSON.stringify(owner), { mode: 0o600 });
  return { token, tree: join(dir, "tree"), ref, gitDir };
}

/** Write-protect the checked-out files and directories (the `.git` inside stays as git needs it). */
function makeReadOnly(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (dir.endsWith("/tree") && name === ".git") continue;
    const full = join(dir, name);
    const st = lstatSync(full);
    if (st.isSymbolicLink()) continue;
    if (st.isDirectory()) {
      makeReadOnly(full);
      chmodSync(full, 0o555);
    } else chmodSync(full, st.mode & 0o555);
  }
}

/** Check out `commit` into the reserved slot: a private repository borrowing the user's objects. */
export function fillCheckout(checkout: Checkout, commit: string): void {
  const tree = checkout.tree;
  ensurePrivateDir(tree);
  // No template: no sample hooks, nothing but what git needs.
  const init = internalGit(tree, ["init", "-q", "--template=", tree]);
  if (!init.ok) throw new CcError(`cannot create the review checkout: ${init.err}`);
  writeFileSync(join(tree, ".git", "objects", "info", "alternates"), `${join(checkout.gitDir, "objects")}\n`);
  // Symbolic links are checked out as small files holding their target: a pull request's link to
  // /proc/self/environ or ~/.ssh must not let Claude's Read tool follow it out of the checkout.
  const steps = [
    ["config", "core.symlinks", "false"],
    ["update-ref", "--no-deref", "HEAD", commit],
    ["read-tree", commit],
    ["checkout-index", "-a", "-q"],
  ];
  for (const args of steps) {
    const r = internalGit(tree, args);
    if (!r.ok) throw new CcError(`cannot check out ${commit.slice(0, 12)} for the review: ${r.err || `git ${args[0]} failed`}`);
  }
  makeReadOnly(tree);
  chmodSync(tree, 0o555);
}

/** Give write permission back to every directory so the tree can be deleted. */
function unprotect(dir: string): void {
  try {
    chmodSync(dir, 0o700);
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (lstatSync(full).isDirectory()) unprotect(full);
    }
  } catch {
    /* gone already, or not ours */
  }
}

function deleteRef(gitDir: string, ref: string | null): void {
  if (!ref?.startsWith(REVIEW_REF_PREFIX) || !existsSync(gitDir)) return;
  internalGit(gitDir, ["--git-dir", gitDir, "update-ref", "-d", ref]);
}

/** Remove a checkout and its private ref. Never throws: a leftover is swept next time. */
export function removeCheckout(token: string): void {
  if (!/^[a-z0-9-]+$/.test(token)) return;
  const dir = join(checkoutsDir(), token);
  const owner = readOwner(dir);
  if (owner) deleteRef(owner.gitDir, owner.ref);
  unprotect(dir);
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    /* swept next time */
  }
}

function readOwner(dir: string): Owner | null {
  try {
    return ownerSchema.parse(JSON.parse(readFileSync(join(dir, "owner.json"), "utf8")));
  } catch {
    return null;
  }
}

/**
 * Remove every checkout whose owner is gone: its creating process ended and no active job uses it
 * (`inUse`: the tokens of queued or running review jobs, after reconciling the store).
 */
export function sweepCheckouts(inUse: ReadonlySet<string>, now = Date.now()): string[] {
  const root = checkoutsDir();
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const token of names) {
    if (inUse.has(token)) continue;
    const dir = join(root, token);
    const owner = readOwner(dir);
    if (owner) {
      if (liveness(owner.pid, owner.start) === "alive") continue;
    } else {
      try {
        if (now - statSync(dir).mtimeMs < UNOWNED_GRACE_MS) continue;
      } catch {
        continue;
      }
    }
    removeCheckout(token);
    removed.push(token);
  }
  return removed;
}

/** The cc-private refs of a repository no checkout owns any more (a kill -9 between fetch and owner). */
export function sweepOrphanRefs(repoRoot: string): void {
  const r = internalGit(repoRoot, ["for-each-ref", "--format=%(refname)", REVIEW_REF_PREFIX]);
  const refs = r.ok ? r.out.split("\n").filter(Boolean) : [];
  if (refs.length === 0) return;
  const gitDir = commonGitDir(repoRoot);
  for (const ref of refs) {
    const token = ref.slice(REVIEW_REF_PREFIX.length);
    if (!existsSync(join(checkoutsDir(), token))) deleteRef(gitDir, ref);
  }
}
