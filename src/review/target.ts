/**
 * What a review looks at: the working tree (staged, unstaged and untracked changes) or the current
 * branch against its base. Every case that has nothing sensible to review ends here, with a clear
 * message, before any Claude process starts.
 */

import type { Finding } from "../contracts/review-findings.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import { refusedRepository } from "../lib/git-safety.ts";
import { gitText } from "./git.ts";
import { isDirty, readStatus, type WorkingTreeStatus } from "./status.ts";

export const SCOPES = ["auto", "working-tree", "branch"] as const;
export type Scope = (typeof SCOPES)[number];

interface TargetBase {
  repoRoot: string;
  /** Current branch name; null when HEAD is detached. */
  branch: string | null;
  head: string;
  /** One line for people: what is being reviewed. */
  label: string;
  /** True when the user chose the scope (or a base) rather than `auto`. */
  explicit: boolean;
}

interface WorkingTreeTarget extends TargetBase {
  mode: "working-tree";
  status: WorkingTreeStatus;
}

interface BranchTarget extends TargetBase {
  mode: "branch";
  /** The base ref as given or detected (`origin/main`, `main`, a sha…). */
  base: string;
  /** How the base was found, for the prompt and the user. */
  baseSource: "--base" | "origin/HEAD" | "default branch name";
  mergeBase: string;
  commits: number;
}

/**
 * A commit cc checked out read-only for the review (`--ref`, `--range`, `--pr`): `repoRoot` is that
 * checkout, whose HEAD is the reviewed commit; the change is `mergeBase..HEAD` there.
 */
export interface RevisionTarget extends TargetBase {
  mode: "revision";
  base: string;
  baseSource: BranchTarget["baseSource"] | "--range" | "last review";
  mergeBase: string;
  commits: number;
  revision: RevisionInfo;
}

export interface RevisionInfo {
  kind: "ref" | "range" | "pr";
  /** As the user named it: `feature`, `v1..v2`, `7`. */
  spec: string;
  /** The user's repository (never handed to Claude). */
  userRepo: string;
  /** The checkout's token (src/review/checkout.ts). */
  checkout: string;
  /** What `--since-last` remembers this target by (`review:ref:refs/heads/x`, `adversarial-review:pr:github:7`); null for a bare commit. */
  key: string | null;
  /** `--since-last`: the last reviewed commit this review starts from, and that review's findings. */
  since: { commit: string; job: string; findings: Finding[]; newCommits: string[] } | null;
  /** Why a `--since-last` review is a full one after all (no earlier review, a force-push). */
  fullReason: string | null;
}

export type ReviewTarget = WorkingTreeTarget | BranchTarget | RevisionTarget;

/** A target that is a range of commits (branch or revision), as opposed to uncommitted changes. */
export type CommitRangeTarget = BranchTarget | RevisionTarget;

export type TargetResolution = { kind: "review"; target: ReviewTarget } | { kind: "nothing"; message: string };

export interface TargetRequest {
  cwd: string;
  scope?: Scope;
  base?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function parseScope(value: string | undefined): Scope {
  if (value === undefined || value === "") return "auto";
  if ((SCOPES as readonly string[]).includes(value)) return value as Scope;
  throw new UsageError(`unknown review scope "${value}"`, `Use --scope ${SCOPES.join(", --scope ")}, or pass --base <ref>.`);
}

export async function repoRootOf(cwd: string): Promise<string> {
  const r = await gitText(cwd, ["rev-parse", "--show-toplevel"]);
  if (!r.ok || !r.out) {
    const refused = refusedRepository(r.stderr, cwd);
    if (refused) throw refused;
    throw new CcError(`not inside a Git repository: ${cwd}`, { hint: "Run the review from a directory inside the repository you want reviewed." });
  }
  return r.out;
}

/** The base for a branch review: origin/HEAD when the clone has one, else main, master or trunk. */
export async function detectBase(repoRoot: string): Promise<{ base: string; source: BranchTarget["baseSource"] } | null> {
  const originHead = await gitText(repoRoot, ["symbolic-ref", "-q", "refs/remotes/origin/HEAD"]);
  if (originHead.ok && originHead.out.startsWith("refs/remotes/")) {
    return { base: originHead.out.slice("refs/remotes/".length), source: "origin/HEAD" };
  }
  for (const name of ["main", "master", "trunk"]) {
    for (const ref of [`refs/heads/${name}`, `refs/remotes/origin/${name}`]) {
      const r = await gitText(repoRoot, ["rev-parse", "--verify", "-q", ref]);
      if (r.ok) return { base: ref.replace(/^refs\/(heads|remotes)\//, ""), source: "default branch name" };
    }
  }
  return null;
}

async function verifyBase(repoRoot: string, base: string): Promise<void> {
  if (base.startsWith("-") || base.trim() === "") throw new UsageError(`invalid --base "${base}"`, "Pass a branch, tag or commit, e.g. --base main.");
  const r = await gitText(repoRoot, ["rev-parse", "--verify", "-q", "--end-of-options", `${base}^{commit}`]);
  if (!r.ok) throw new CcError(`--base "${base}" is not a commit in this repository`, { hint: "Check the name with `git branch -a`, or fetch it first." });
}

async function branchTarget(common: Omit<TargetBase, "label">, base: string, source: BranchTarget["baseSource"], dirtyNote: string): Promise<TargetResolution> {
  const { repoRoot, branch } = common;
  const mb = await gitText(repoRoot, ["merge-base", "HEAD", "--end-of-options", base]);
  if (!mb.ok) {
    throw new CcError(`HEAD and ${base} share no history, so there is no branch diff to review`, {
      hint: "Pass a different --base, or use --scope working-tree.",
    });
  }
  const count = await gitText(repoRoot, ["rev-list", "--count", `${mb.out}..HEAD`]);
  const commits = Number(count.out) || 0;
  const name = branch ?? "HEAD";
  if (commits === 0) {
    return { kind: "nothing", message: `Nothing to review: ${dirtyNote}${name} has no commits ahead of ${base}.` };
  }
  const label = `branch ${name} against ${base} (${plural(commits, "commit")} since ${mb.out.slice(0, 12)})`;
  return { kind: "review", target: { ...common, mode: "branch", base, baseSource: source, mergeBase: mb.out, commits, label } };
}

export async function resolveTarget(req: TargetRequest): Promise<TargetResolution> {
  const scope = req.scope ?? "auto";
  if (req.base !== undefined && scope === "working-tree") {
    throw new UsageError("--base applies to branch reviews, not --scope working-tree", "Drop one of the two.");
  }
  const repoRoot = await repoRootOf(req.cwd);
  const head = await gitText(repoRoot, ["rev-parse", "--verify", "-q", "HEAD"]);
  if (!head.ok) {
    throw new CcError("this repository has no commits yet, so there is nothing to compare against", {
      hint: "Commit a first version; reviews look at changes relative to a commit.",
    });
  }
  const symbolic = await gitText(repoRoot, ["symbolic-ref", "-q", "--short", "HEAD"]);
  const branch = symbolic.ok && symbolic.out ? symbolic.out : null;
  const common = { repoRoot, branch, head: head.out, explicit: scope !== "auto" || req.base !== undefined };

  if (req.base !== undefined) {
    await verifyBase(repoRoot, req.base);
    return branchTarget(common, req.base, "--base", "");
  }

  if (scope !== "branch") {
    const status = await readStatus(repoRoot);
    if (isDirty(status)) {
      const parts = [plural(status.staged, "staged file"), plural(status.unstaged, "unstaged file"), plural(status.untracked, "untracked file")];
      const label = `working tree of ${branch ?? `detached HEAD ${head.out.slice(0, 12)}`} (${parts.join(", ")})`;
      return { kind: "review", target: { ...common, mode: "working-tree", status, label } };
    }
    if (scope === "working-tree") return { kind: "nothing", message: "Nothing to review: the working tree is clean." };
  }

  const clean = scope === "auto" ? "the working tree is clean and " : "";
  if (branch === null) {
    throw new CcError(`${clean ? "the working tree is clean and " : ""}HEAD is detached, so there is no branch to review`, {
      hint: "Check out a branch, or pass --base <ref> to review HEAD against that ref.",
    });
  }
  const detected = await detectBase(repoRoot);
  if (!detected) {
    throw new CcError(`cannot tell which branch ${branch} is based on (no origin/HEAD, main, master or trunk)`, {
      hint: "Pass --base <ref>, or review uncommitted changes with --scope working-tree.",
    });
  }
  return branchTarget(common, detected.base, detected.source, clean);
}
