/**
 * Reviewing something other than the user's own tree: `--ref <branch|tag|commit>` (what it adds over
 * its merge base with the base), `--range a..b` / `a...b` (git's meaning: from a, or from the merge
 * base of a and b, to b) and `--pr <N>` (the pull request head fetched from `origin`). The reviewed
 * commit is checked out read-only outside the user's repository (src/review/checkout.ts) and the
 * target's `repoRoot` is that checkout: Claude never sees the user's working tree.
 */

import type { ReviewKind } from "../contracts/review-job.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import { internalGit } from "../lib/git.ts";
import { type Checkout, fillCheckout, removeCheckout, reserveCheckout } from "./checkout.ts";
import { gitText } from "./git.ts";
import { findLastReview } from "./marks.ts";
import { detectBase, type RevisionInfo, type RevisionTarget, repoRootOf, type TargetResolution } from "./target.ts";

const FORGES = ["github", "gitlab"] as const;
type Forge = (typeof FORGES)[number];

export interface RevisionRequest {
  cwd: string;
  ref?: string | undefined;
  range?: string | undefined;
  pr?: string | undefined;
  forge?: string | undefined;
  base?: string | undefined;
  sinceLast?: boolean | undefined;
  /** Reviews and adversarial reviews of the same branch are remembered apart. */
  kind: ReviewKind;
}

/** The new commits an incremental review names to the user. */
const SHOWN_COMMITS = 10;

/** How long fetching a pull request may take before cc gives up on the remote. */
const FETCH_TIMEOUT_MS = 5 * 60_000;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const short = (sha: string) => sha.slice(0, 12);

/** True when the request names a revision target at all. */
export const wantsRevision = (req: Pick<RevisionRequest, "ref" | "range" | "pr">) => req.ref !== undefined || req.range !== undefined || req.pr !== undefined;

/** A name git will take as a revision and never as an option. */
function checkName(flag: string, value: string): string {
  const v = value.trim();
  if (!v || v.startsWith("-") || /[\s\0]/.test(v) || v.length > 1000)
    throw new UsageError(`invalid ${flag} "${value.slice(0, 80)}"`, `Pass a branch, tag or commit, e.g. ${flag} main.`);
  return v;
}

async function commitOf(repo: string, flag: string, name: string): Promise<string> {
  const r = await gitText(repo, ["rev-parse", "--verify", "-q", "--end-of-options", `${name}^{commit}`]);
  if (!r.ok || !/^[0-9a-f]{40,64}$/.test(r.out)) {
    throw new CcError(`${flag} "${name}" is not a commit in this repository`, { hint: "Check the name with `git branch -a` or `git tag`, or fetch it first." });
  }
  return r.out;
}

async function mergeBaseOf(repo: string, a: string, b: string, what: string): Promise<string> {
  const r = await gitText(repo, ["merge-base", a, b]);
  if (r.ok && r.out) return r.out;
  const shallow = (await gitText(repo, ["rev-parse", "--is-shallow-repository"])).out === "true";
  throw new CcError(`${what} share no history${shallow ? " in this shallow clone" : ""}, so there is no change to review`, {
    hint: shallow ? "Fetch the history (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)." : "Pass a different --base.",
  });
}

async function countCommits(repo: string, from: string, to: string): Promise<number> {
  const r = await gitText(repo, ["rev-list", "--count", `${from}..${to}`]);
  return Number(r.out) || 0;
}

async function baseFor(repo: string, base: string | undefined): Promise<{ base: string; source: RevisionTarget["baseSource"] }> {
  if (base !== undefined) {
    await commitOf(repo, "--base", checkName("--base", base));
    return { base, source: "--base" };
  }
  const detected = await detectBase(repo);
  if (!detected) throw new CcError("cannot tell which branch to compare with (no origin/HEAD, main, master or trunk)", { hint: "Pass --base <ref>." });
  return detected;
}

/** `pr` as a number, and the ref the forge keeps it under. */
function pullRequestRef(pr: string, forge: Forge): { number: number; source: string } {
  if (!/^#?[1-9][0-9]{0,9}$/.test(pr.trim()))
    throw new UsageError(`invalid --pr "${pr.slice(0, 40)}"`, "Pass the pull (merge) request's number, e.g. --pr 123.");
  const number = Number(pr.trim().replace(/^#/, ""));
  return { number, source: forge === "gitlab" ? `refs/merge-requests/${number}/head` : `refs/pull/${number}/head` };
}

/** GitLab keeps merge requests under refs/merge-requests/; everything else is taken for GitHub's refs/pull/. */
function forgeOf(flag: string | undefined, remoteUrl: string): Forge {
  if (flag !== undefined) {
    if ((FORGES as readonly string[]).includes(flag)) return flag as Forge;
    throw new UsageError(`unknown --forge "${flag}"`, `Use --forge ${FORGES.join(" or --forge ")}.`);
  }
  return /gitlab/i.test(remoteUrl) ? "gitlab" : "github";
}

/** Fetch the pull request head from `origin` into the checkout's cc-private ref; returns its commit. */
function fetchPullRequest(repo: string, checkout: Checkout, req: RevisionRequest): { commit: string; forge: Forge; number: number } {
  const url = internalGit(repo, ["remote", "get-url", "origin"]);
  if (!url.ok)
    throw new CcError("this repository has no `origin` remote to fetch the pull request from", {
      hint: "Add it (git remote add origin <url>), or review a fetched branch with --ref.",
    });
  const forge = forgeOf(req.forge, url.out.trim());
  const { number, source } = pullRequestRef(req.pr!, forge);
  const args = [
    "-c",
    "protocol.ext.allow=never",
    "fetch",
    "--quiet",
    "--no-tags",
    "--no-prune",
    "--no-recurse-submodules",
    "--no-write-fetch-head",
    "origin",
    `+${source}:${checkout.ref}`,
  ];
  const r = internalGit(repo, args, { timeoutMs: FETCH_TIMEOUT_MS });
  if (!r.ok) {
    const other = forge === "github" ? "gitlab" : "github";
    throw new CcError(
      `cannot fetch ${forge === "gitlab" ? "merge request" : "pull request"} ${number} (${source}) from origin: ${r.err.split("\n")[0] || `git exit ${r.code}`}`,
      {
        hint: `Check the number and your access to origin; if origin keeps its ${forge === "gitlab" ? "pull requests under refs/pull/" : "merge requests under refs/merge-requests/"}, pass --forge ${other}.`,
      },
    );
  }
  const commit = internalGit(repo, ["rev-parse", "--verify", "-q", `${checkout.ref}^{commit}`]).out.trim();
  if (!commit) throw new CcError(`the fetched pull request ${number} is not a commit`);
  return { commit, forge, number };
}

interface Resolved {
  kind: RevisionInfo["kind"];
  spec: string;
  name: string;
  commit: string;
  base: string;
  baseSource: RevisionTarget["baseSource"];
  from: string;
  key: string | null;
}

async function resolveRange(repo: string, range: string): Promise<Resolved> {
  const m = /^(.*?)(\.\.\.?)(.*)$/.exec(range.trim());
  if (!m || m[1]!.includes("..") || m[3]!.includes(".."))
    throw new UsageError(`invalid --range "${range.slice(0, 80)}"`, "Pass a..b (the commits of b not in a) or a...b (what b adds since it forked from a).");
  const [left, right] = [m[1] || "HEAD", m[3] || "HEAD"].map((side) => checkName("--range", side));
  const a = await commitOf(repo, "--range", left!);
  const b = await commitOf(repo, "--range", right!);
  const from = m[2] === "..." ? await mergeBaseOf(repo, a, b, `${left} and ${right}`) : a;
  const full = await gitText(repo, ["rev-parse", "--symbolic-full-name", right!]);
  return {
    kind: "range",
    spec: range.trim(),
    name: `range ${range.trim()}`,
    commit: b,
    base: left!,
    baseSource: "--range",
    from,
    key: full.ok && full.out.startsWith("refs/") ? `ref:${full.out}` : null,
  };
}

async function resolveRef(repo: string, ref: string, base: string | undefined): Promise<Resolved> {
  const name = checkName("--ref", ref);
  const commit = await commitOf(repo, "--ref", name);
  const b = await baseFor(repo, base);
  const from = await mergeBaseOf(repo, commit, b.base, `${name} and ${b.base}`);
  const full = await gitText(repo, ["rev-parse", "--symbolic-full-name", name]);
  return {
    kind: "ref",
    spec: name,
    name: `ref ${name}`,
    commit,
    base: b.base,
    baseSource: b.source,
    from,
    key: full.ok && full.out.startsWith("refs/") ? `ref:${full.out}` : null,
  };
}

/** `--since-last`: start from the last reviewed commit when it is still in the history. */
async function incremental(
  repo: string,
  r: Resolved,
): Promise<{ since: RevisionInfo["since"]; fullReason: string | null; from: string; upToDate: string | null }> {
  const full = (fullReason: string) => ({ since: null, fullReason, from: r.from, upToDate: null });
  if (r.key === null)
    throw new UsageError(
      `--since-last needs a branch, tag or pull request to remember; ${r.spec} is a bare commit`,
      "Name it by a branch (--ref <branch>) or drop --since-last.",
    );
  const last = findLastReview(repo, r.key);
  if (!last) return full(`no earlier review of ${r.name} is recorded: reviewing it in full`);
  if (last.commit === r.commit)
    return {
      since: null,
      fullReason: null,
      from: r.from,
      upToDate: `Nothing to review: ${r.name} has no new commits since the last review (${short(last.commit)}).`,
    };
  const ancestor = await gitText(repo, ["merge-base", "--is-ancestor", last.commit, r.commit]);
  if (!ancestor.ok)
    return full(`${r.name} was rewritten since the last review (${short(last.commit)} is no longer in its history, a force-push?): reviewing it in full`);
  // Which commits: the first few, one line each, for the user.
  const log = await gitText(repo, ["log", "--oneline", "--no-decorate", "--no-color", "-n", String(SHOWN_COMMITS + 1), `${last.commit}..${r.commit}`]);
  const newCommits = log.out.split("\n").filter(Boolean);
  return { since: { commit: last.commit, job: last.job, findings: last.findings, newCommits }, fullReason: null, from: last.commit, upToDate: null };
}

/**
 * Resolve the target, then check out the reviewed commit. The checkout is removed again on every
 * path that does not return a target; the caller removes it after the review.
 */
export async function resolveRevisionTarget(req: RevisionRequest): Promise<TargetResolution> {
  const given = [req.ref !== undefined && "--ref", req.range !== undefined && "--range", req.pr !== undefined && "--pr"].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(" and ")} name different things to review`, "Pass one of them.");
  if (req.range !== undefined && req.base !== undefined) throw new UsageError("--range names its own base", "Drop --base, or use --ref <b> --base <a>.");
  if (req.forge !== undefined && req.pr === undefined) throw new UsageError("--forge applies to --pr only", "Drop --forge, or pass --pr <number>.");
  const repo = await repoRootOf(req.cwd);
  const checkout = reserveCheckout(repo, req.pr !== undefined);
  try {
    let r: Resolved;
    if (req.pr !== undefined) {
      pullRequestRef(req.pr, "github"); // the number's shape, before any fetch
      const pr = fetchPullRequest(repo, checkout, req);
      const b = await baseFor(repo, req.base);
      const from = await mergeBaseOf(repo, pr.commit, b.base, `pull request ${pr.number} and ${b.base}`);
      const name = pr.forge === "gitlab" ? `merge request !${pr.number}` : `pull request #${pr.number}`;
      r = { kind: "pr", spec: String(pr.number), name, commit: pr.commit, base: b.base, baseSource: b.source, from, key: `pr:${pr.forge}:${pr.number}` };
    } else if (req.range !== undefined) r = await resolveRange(repo, req.range);
    else r = await resolveRef(repo, req.ref!, req.base);

    let since: RevisionInfo["since"] = null;
    let fullReason: string | null = null;
    let from = r.from;
    // One memory per kind of review: an adversarial review's findings are not a review's.
    if (r.key) r.key = `${req.kind}:${r.key}`;
    if (req.sinceLast) {
      const inc = await incremental(repo, r);
      if (inc.upToDate) {
        removeCheckout(checkout.token);
        return { kind: "nothing", message: inc.upToDate };
      }
      ({ since, fullReason, from } = inc);
    }
    const commits = await countCommits(repo, from, r.commit);
    if (commits === 0) {
      removeCheckout(checkout.token);
      return { kind: "nothing", message: `Nothing to review: ${r.name} has no commits ahead of ${r.base} (${short(r.commit)}).` };
    }
    fillCheckout(checkout, r.commit);
    const label = since
      ? `${r.name}: ${plural(commits, "new commit")} since the last review (${short(since.commit)}..${short(r.commit)})`
      : r.kind === "range"
        ? `${r.name} (${plural(commits, "commit")}, ${short(from)}..${short(r.commit)})`
        : `${r.name} against ${r.base} (${plural(commits, "commit")} since ${short(from)})`;
    const revision: RevisionInfo = { kind: r.kind, spec: r.spec, userRepo: repo, checkout: checkout.token, key: r.key, since, fullReason };
    const target: RevisionTarget = {
      mode: "revision",
      repoRoot: checkout.tree,
      branch: null,
      head: r.commit,
      label,
      explicit: true,
      base: since ? `the last review (${short(since.commit)})` : r.base,
      baseSource: since ? "last review" : r.baseSource,
      mergeBase: from,
      commits,
      revision,
    };
    return { kind: "review", target };
  } catch (error) {
    removeCheckout(checkout.token);
    throw error;
  }
}
