/**
 * `cc status`'s list of jobs, and the lines every view of a job shares (elapsed time, progress).
 * Pure, and light: the list's quick road (src/commands/_status-quick.ts) loads only this of the
 * renderers, so no regular expression runs here (the first one costs a process 1–2 MiB).
 */
import type { JobListing } from "../jobs/types.ts";
import { ccCommand, type HintStyle } from "../lib/invocation.ts";
import { clip, formatCost, formatElapsed, oneLine } from "./format.ts";

/** `code` in backticks: the hint is a command to copy. */
export const code = (text: string) => `\`${text}\``;

/** Time the job has run so far (active) or ran (finished). */
export function jobElapsed(job: JobListing, now = Date.now()): string {
  const from = job.startedAt ?? job.createdAt;
  const to = job.finishedAt ?? (job.status === "queued" ? job.createdAt : now);
  return job.status === "queued" ? `queued ${formatElapsed(now - job.createdAt)}` : formatElapsed(Math.max(0, to - from));
}

/** One line of what a running job is doing: `turn 4 · 3 tools · Bash: bun test`. */
export function progressLine(job: JobListing): string | null {
  const p = job.progress;
  if (job.status !== "running" || !p) return null;
  const parts = [`turn ${p.turns}`, `${p.toolCalls} tool${p.toolCalls === 1 ? "" : "s"}`];
  if (p.retries) parts.push(`${p.retries} API retr${p.retries === 1 ? "y" : "ies"}`);
  parts.push(p.currentTool ?? (p.lastText ? `“${p.lastText.slice(0, 60)}”` : "thinking"));
  return parts.join(" · ");
}

export interface JobListOptions {
  title: string;
  hidden: number;
  style: HintStyle;
  /** One line about unread results of earlier Codex sessions, shown under the list. */
  elsewhere?: string | null;
  now?: number;
}

const LIST_HEADER = ["JOB", "KIND", "STATUS", "ELAPSED", "COST", "SUMMARY"];

/** One job's cells in the list. */
export function jobListCells(job: JobListing, now: number): string[] {
  const unread = job.status !== "queued" && job.status !== "running" && job.readAt === null ? " (unread)" : "";
  const progress = progressLine(job);
  const summary = progress ? `${job.summary} — ${progress}` : job.summary;
  return [job.id, job.kind, `${job.status}${unread}`, jobElapsed(job, now), formatCost(job.costUsd), clip(oneLine(summary), 90)];
}

/**
 * Column widths that fit the header and every row seen so far: start with `listWidths()` and
 * widen with each row's cells. (`cc status --all` streams: one pass for the widths, one to print.)
 */
export function listWidths(): number[] {
  const widths: number[] = [];
  for (const head of LIST_HEADER) widths.push(head.length); // not `map`: see jobs/statuses.ts sqlStatuses
  return widths;
}
export function widenTo(widths: number[], cells: string[]): void {
  for (let i = 0; i < cells.length; i++) widths[i] = Math.max(widths[i]!, cells[i]!.length);
}

/**
 * One line of the list (the last column is not padded). Plain loops here and in the functions above
 * that run per row: callbacks called per cell run hot enough for the JIT to compile them (and
 * Array.prototype.map with them), which costs a 20-row `cc status` 2–3 MiB.
 */
export function renderListLine(cells: string[], widths: number[]): string {
  let line = "";
  for (let i = 0; i < cells.length; i++) line += i === cells.length - 1 ? cells[i]! : `${cells[i]!.padEnd(widths[i]!)}  `;
  return line;
}

/** The lines above the rows: the title and the header. */
export const renderListHead = (opts: JobListOptions, widths: number[]): string => `${opts.title}, newest first:\n\n${renderListLine(LIST_HEADER, widths)}\n`;

/** The lines under the rows: older jobs not shown, other sessions' unread results, what to run. */
export function renderListFoot(opts: JobListOptions): string {
  const cc = (sub: string, ...args: string[]) => code(ccCommand(opts.style, sub, ...args));
  const out = [""];
  if (opts.hidden > 0) out.push(`${opts.hidden} older job${opts.hidden === 1 ? "" : "s"} not shown: ${cc("status", "--all")}.`);
  if (opts.elsewhere) out.push(opts.elsewhere);
  out.push(`Details: ${cc("status", "<job>")} · output: ${cc("result", "<job>")} · stop: ${cc("cancel", "<job>")}`);
  return `${out.join("\n")}\n`;
}

/** The list with no jobs. */
export function renderEmptyList(opts: JobListOptions): string {
  const cc = (sub: string, ...args: string[]) => code(ccCommand(opts.style, sub, ...args));
  const elsewhere = opts.elsewhere ? `${opts.elsewhere}\n` : "";
  return `${opts.title}: no jobs yet.\n${elsewhere}Start one with ${cc("review", "--background")} or ${cc("rescue", "--background", "<task>")}.\n`;
}

export function renderJobList(jobs: readonly JobListing[], opts: JobListOptions): string {
  if (jobs.length === 0) return renderEmptyList(opts);
  const now = opts.now ?? Date.now();
  const rows: string[][] = [];
  const widths = listWidths();
  for (const job of jobs) {
    const cells = jobListCells(job, now);
    rows.push(cells);
    widenTo(widths, cells);
  }
  let lines = "";
  for (const cells of rows) lines += `${renderListLine(cells, widths)}\n`;
  return `${renderListHead(opts, widths)}${lines}${renderListFoot(opts)}`;
}

/**
 * One line under `cc status` about unread results that other Codex sessions of this workspace left;
 * a count over `cap` (jobs/unread.ts stops counting there) reads "more than <cap>".
 */
export function renderUnreadElsewhere(count: number, newestId: string, style: HintStyle, cap = Number.POSITIVE_INFINITY): string {
  const all = code(ccCommand(style, "status", "--all"));
  const newest = code(ccCommand(style, "result", newestId));
  return count === 1
    ? `1 unread result from an earlier Codex session: ${newest} (${all} lists every job here).`
    : `${count > cap ? `More than ${cap}` : count} unread results from earlier Codex sessions; the newest: ${newest} (${all} lists every job here).`;
}
