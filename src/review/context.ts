/**
 * The repository context a review prompt carries: status or commit log, the list of changed files,
 * and as many patches and untracked text files as the byte budget allows. When everything fits it
 * is all inlined; otherwise the cheapest-to-read files are inlined (see budget.ts) and every other
 * file is listed with the read-only command that shows it, for Claude to inspect itself.
 * Kept as one file past 300 lines: collecting and rendering share the `Collected` state and the
 * budget pool, and split apart each half would export its internals to the other (the generic
 * parts already live in budget.ts, diff-stream.ts, git.ts and untracked-file.ts).
 */
import { closeSync, lstatSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { CcError } from "../lib/errors.ts";
import { shellQuote } from "../lib/shell.ts";
import { InlinePool, weightOf } from "./budget.ts";
import { type ChangeKind, diffSplitter, type FilePatch } from "./diff-stream.ts";
import { splitter, streamGit } from "./git.ts";
import type { CommitRangeTarget, ReviewTarget } from "./target.ts";
import { openChecked, readHead } from "./untracked-file.ts";

type ItemSource = "staged" | "unstaged" | "branch" | "untracked";

interface ContextItem {
  id: number;
  source: ItemSource;
  path: string;
  oldPath: string | null;
  change: ChangeKind | "untracked";
  additions: number | null;
  deletions: number | null;
  /** Size of the patch or file. */
  bytes: number;
  /** Why this item can never be inlined (binary, symlink…); null for text. */
  note: string | null;
  inlined: boolean;
  /** How Claude (or the user) sees this item with read-only tools. */
  inspect: string;
}

export interface ReviewContext {
  text: string;
  /** UTF-8 size of `text`; never above the budget it was built for. */
  bytes: number;
  items: ContextItem[];
  /** True when every text change is inlined and no section was shortened. */
  complete: boolean;
  stats: { files: number; inlined: number; additions: number; deletions: number; diffBytes: number };
}

/** Untracked files larger than this are listed, never inlined. */
const UNTRACKED_FILE_CAP = 256 * 1024;
/** Bytes sniffed for NUL to call a file binary (git's own heuristic looks at 8000). */
const SNIFF_BYTES = 8000;
const sniffBinary = (head: Buffer): boolean => head.subarray(0, SNIFF_BYTES).includes(0);
/** Commit log lines kept in memory; any more are only counted. */
const MAX_LOG_LINES = 5000;
/** When not everything fits, the share of the budget each listing may take. */
const SHARE = { status: 0.1, log: 0.05, list: 0.25 };

const DIFF_FLAGS = ["--no-ext-diff", "--no-textconv", "--no-color", "--submodule=short", "--src-prefix=a/", "--dst-prefix=b/"];

const utf8Bytes = (s: string) => Buffer.byteLength(s, "utf8");

/** A code fence longer than any backtick run inside `content`. */
function fenced(content: string, info = ""): string {
  let fence = "```";
  if (content.includes("```")) {
    const longest = Math.max(...(content.match(/`{3,}/g) ?? []).map((run) => run.length));
    fence = "`".repeat(longest + 1);
  }
  const body = content.endsWith("\n") ? content : `${content}\n`;
  return `${fence}${info}\n${body}${fence}\n`;
}

function kib(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Lines up to `cap` bytes, then one line saying how many were left out. */
function capLines(lines: string[], total: number, cap: number, more: (n: number) => string): { text: string; cut: boolean } {
  const out: string[] = [];
  let used = 0;
  const reserve = utf8Bytes(more(total)) + 1;
  for (const line of lines) {
    const size = utf8Bytes(line) + 1;
    if (used + size + reserve > cap && out.length < total) break;
    out.push(line);
    used += size;
  }
  const cut = out.length < total;
  if (cut) out.push(more(total - out.length));
  return { text: out.join("\n"), cut };
}

interface Collected {
  items: ContextItem[];
  pool: InlinePool;
  listing: { title: string; lines: string[]; total: number; more: (n: number) => string };
}

async function collectDiff(target: ReviewTarget, args: string[], source: ItemSource, c: Collected): Promise<void> {
  const range = target.mode !== "working-tree" ? `${target.mergeBase.slice(0, 12)}..HEAD ` : source === "staged" ? "--cached " : "";
  const onFile = (patch: FilePatch) => {
    const id = c.items.length;
    const item: ContextItem = {
      id,
      source,
      path: patch.path,
      oldPath: patch.oldPath,
      change: patch.change,
      additions: patch.binary ? null : patch.additions,
      deletions: patch.binary ? null : patch.deletions,
      bytes: patch.bytes,
      note: patch.binary ? "binary, not shown" : null,
      inlined: false,
      inspect: `git diff --no-ext-diff ${range}-- ${shellQuote(patch.path)}`,
    };
    c.items.push(item);
    if (patch.binary || patch.text === null) {
      if (!patch.binary) c.pool.dropped = true;
      return;
    }
    const title = patch.oldPath ? `${patch.path} (${patch.change} from ${patch.oldPath})` : patch.path;
    const body = `### ${source}: ${title}\n${fenced(patch.text, "diff")}`;
    const bytes = utf8Bytes(body);
    c.pool.add({ id, bytes, cost: bytes * weightOf(patch.path, patch.change === "deleted"), body });
  };
  const split = diffSplitter(onFile, (soFar) => c.pool.wouldKeep(soFar, soFar));
  const r = await streamGit(target.repoRoot, ["diff", ...DIFF_FLAGS, ...args], (chunk) => split.push(chunk));
  split.end();
  if (r.exitCode !== 0) throw new CcError(`\`git diff ${args.join(" ")}\` failed: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
}

function collectUntracked(target: ReviewTarget & { mode: "working-tree" }, c: Collected): void {
  for (const path of target.status.untrackedPaths) {
    const id = c.items.length;
    const full = join(target.repoRoot, path);
    const item: ContextItem = {
      id,
      source: "untracked",
      path,
      oldPath: null,
      change: "untracked",
      additions: null,
      deletions: null,
      bytes: 0,
      note: null,
      inlined: false,
      inspect: `Read tool on ${path}`,
    };
    c.items.push(item);
    try {
      const st = lstatSync(full);
      item.bytes = st.size;
      if (st.isSymbolicLink()) item.note = `symlink to ${readlinkSync(full)}, not followed`;
      else if (st.isDirectory()) item.note = "directory (a nested repository?), not shown";
      else if (!st.isFile()) item.note = "not a regular file, not shown";
      if (item.note) continue;
      const opened = openChecked(full, st);
      if ("note" in opened) {
        item.note = opened.note;
        continue;
      }
      let text: string;
      try {
        const head = readHead(opened.fd, st.size > UNTRACKED_FILE_CAP ? SNIFF_BYTES : st.size + 1);
        if (sniffBinary(head)) item.note = `binary file (${kib(st.size)}), not shown`;
        else if (st.size > UNTRACKED_FILE_CAP || head.length > UNTRACKED_FILE_CAP)
          item.note = `${kib(st.size)}, larger than the ${kib(UNTRACKED_FILE_CAP)} inline limit`;
        text = head.toString("utf8");
      } finally {
        closeSync(opened.fd);
      }
      if (item.note) continue;
      const cost = weightOf(path, false);
      if (!c.pool.wouldKeep(st.size, st.size * cost)) {
        c.pool.dropped = true;
        continue;
      }
      const body = `### untracked: ${path}\n${fenced(text)}`;
      const bytes = utf8Bytes(body);
      c.pool.add({ id, bytes, cost: bytes * cost, body });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      item.note = code === "ENOENT" ? "disappeared before it could be read" : `unreadable (${code ?? (error as Error).message})`;
    }
  }
}

async function commitLog(target: CommitRangeTarget): Promise<Collected["listing"]> {
  const lines: string[] = [];
  let total = 0;
  const split = splitter(10, (line) => {
    if (!line) return;
    total++;
    if (lines.length < MAX_LOG_LINES) lines.push(line);
  });
  const range = `${target.mergeBase}..HEAD`;
  const r = await streamGit(target.repoRoot, ["log", "--oneline", "--no-decorate", "--no-color", range], (chunk) => split.push(chunk));
  split.end();
  if (r.exitCode !== 0) throw new CcError(`\`git log ${range}\` failed: ${r.stderr.trim()}`);
  return {
    title: `Commits (\`git log --oneline ${target.mergeBase.slice(0, 12)}..HEAD\`)`,
    lines,
    total,
    more: (n) => `… and ${n} more commits (see \`git log --oneline ${target.mergeBase.slice(0, 12)}..HEAD\`)`,
  };
}

function itemLine(item: ContextItem, markOmitted: boolean): string {
  const counts = item.additions === null ? "" : ` (+${item.additions} -${item.deletions})`;
  const from = item.oldPath ? ` from ${item.oldPath}` : "";
  let suffix = "";
  if (item.note) suffix = ` — ${item.note}`;
  else if (markOmitted && !item.inlined) {
    suffix =
      item.source === "untracked"
        ? ` — not inlined (${kib(item.bytes)}); read it with the Read tool`
        : ` — not inlined (${kib(item.bytes)}); inspect with \`${item.inspect}\``;
  }
  return `- [${item.source}] ${item.change}${from}: ${item.path}${counts}${suffix}`;
}

function summary(target: ReviewTarget, c: Collected, complete: boolean): string {
  const diffItems = c.items.filter((i) => i.source !== "untracked");
  const adds = diffItems.reduce((n, i) => n + (i.additions ?? 0), 0);
  const dels = diffItems.reduce((n, i) => n + (i.deletions ?? 0), 0);
  const lines = [`Reviewing the ${target.label}.`];
  if (target.mode === "revision" && target.revision.since)
    lines.push(`Only the commits after ${target.mergeBase}, the last reviewed commit, are under review.`);
  else if (target.mode !== "working-tree") lines.push(`Base: ${target.base} (found via ${target.baseSource}); merge base ${target.mergeBase}.`);
  lines.push(`${diffItems.length} changed file(s), +${adds} -${dels}; ${c.items.length - diffItems.length} untracked file(s).`);
  if (target.mode === "working-tree" && target.status.untracked > target.status.untrackedPaths.length) {
    lines.push(`Only the first ${target.status.untrackedPaths.length} of ${target.status.untracked} untracked files are considered.`);
  }
  if (complete) lines.push("Every text change is inlined below (binary files, symlinks and directories are only listed).");
  else {
    const inlined = c.items.filter((i) => i.inlined).length;
    lines.push(
      `The change is larger than this prompt's budget: ${inlined} of ${c.items.length} file(s) are inlined below, the smallest first. ` +
        'The others are listed under "Changed files" with a read-only command that shows each one. ' +
        "Before concluding, inspect the ones most likely to matter with read-only git commands (git diff --no-ext-diff, git show, git log) or the Read tool.",
    );
  }
  return lines.join("\n");
}

function render(target: ReviewTarget, c: Collected, sections: { listing: string; list: string }, complete: boolean, bodies: string[]): string {
  const parts = [`## Summary\n${summary(target, c, complete)}\n`, `## ${c.listing.title}\n${sections.listing}\n`, `## Changed files\n${sections.list}\n`];
  if (bodies.length) parts.push(`## Inlined changes\n${bodies.join("\n")}`);
  return parts.join("\n");
}

const bodiesOf = (c: Collected) => c.pool.entries().map((e) => e.body);

function markInlined(c: Collected): void {
  const kept = new Set(c.pool.entries().map((e) => e.id));
  for (const item of c.items) item.inlined = kept.has(item.id);
}

function finalContext(text: string, c: Collected, complete: boolean): ReviewContext {
  const diffItems = c.items.filter((i) => i.source !== "untracked");
  return {
    text,
    bytes: utf8Bytes(text),
    items: c.items,
    complete,
    stats: {
      files: c.items.length,
      inlined: c.items.filter((i) => i.inlined).length,
      additions: diffItems.reduce((n, i) => n + (i.additions ?? 0), 0),
      deletions: diffItems.reduce((n, i) => n + (i.deletions ?? 0), 0),
      diffBytes: diffItems.reduce((n, i) => n + i.bytes, 0),
    },
  };
}

/** Build the context for `target` in at most `budget` bytes. */
export async function buildContext(target: ReviewTarget, budget: number): Promise<ReviewContext> {
  const c: Collected = {
    items: [],
    pool: new InlinePool(budget),
    listing: { title: "", lines: [], total: 0, more: () => "" },
  };
  if (target.mode === "working-tree") {
    const st = target.status;
    c.listing = {
      title: "Git status (`git status --short`)",
      lines: st.entries.map((e) => `${e.code} ${e.path}`),
      total: st.total,
      more: (n) => `… and ${n} more entries (see \`git status --short\`)`,
    };
    await collectDiff(target, ["--cached"], "staged", c);
    await collectDiff(target, [], "unstaged", c);
    collectUntracked(target, c);
  } else {
    c.listing = await commitLog(target);
    await collectDiff(target, [target.mergeBase, "HEAD"], "branch", c);
  }

  // Everything inlined, if it fits.
  const listingComplete = c.listing.lines.length === c.listing.total;
  if (!c.pool.dropped && listingComplete) {
    markInlined(c);
    const list = c.items.map((i) => itemLine(i, false)).join("\n") || "(none)";
    const text = render(target, c, { listing: c.listing.lines.join("\n") || "(none)", list }, true, bodiesOf(c));
    if (utf8Bytes(text) <= budget) return finalContext(text, c, true);
  }

  // Otherwise: cap the listings, give the rest to file bodies, list what is left out.
  const share = target.mode === "working-tree" ? SHARE.status : SHARE.log;
  const listing = capLines(c.listing.lines, c.listing.total, Math.floor(budget * share), c.listing.more).text || "(none)";
  const listCap = Math.floor(budget * SHARE.list);
  const fullList = utf8Bytes(c.items.map((i) => itemLine(i, true)).join("\n"));
  const listBound = Math.min(listCap, fullList + 1);
  // Body separators and the section heading cost a little more than the bodies themselves.
  const fixed = utf8Bytes(render(target, c, { listing, list: "" }, false, [])) + 64;
  let bodyCapacity = budget - fixed - listBound;
  for (let attempt = 0; ; attempt++) {
    c.pool.shrink(bodyCapacity);
    markInlined(c);
    // When the list itself must be cut, what Claude cannot see inline is listed first.
    const omitted = c.items.filter((i) => !i.inlined);
    const shown = capLines(
      [...omitted, ...c.items.filter((i) => i.inlined)].map((i) => itemLine(i, true)),
      c.items.length,
      listBound,
      (n) => `- … and ${n} more file(s) not listed (see \`git status --short\` / \`git diff --stat\`)`,
    );
    const bodies = bodiesOf(c);
    const text = render(target, c, { listing, list: shown.text }, false, bodies);
    const bytes = utf8Bytes(text);
    if (bytes <= budget) return finalContext(text, c, false);
    if (attempt > 4) throw new CcError(`cannot fit the review context into ${budget} bytes`, { hint: "Raise reviewPromptBudget in cc's config." });
    bodyCapacity -= bytes - budget;
  }
}
