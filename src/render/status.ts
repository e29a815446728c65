/** Text for `cc status`: the job list, one job's detail (with the tail of its log), the launch text. Pure. */
import type { Job } from "../jobs/types.ts";
import { formatDuration } from "../lib/duration.ts";
import { ccCommand, type HintStyle } from "../lib/invocation.ts";
import { formatCost, formatElapsed } from "./format.ts";

/** The watchdog's limits of a run (src/jobs/limits.ts), as the detail view shows them. */
export interface RunLimitsView {
  stallMs: number | null;
  maxMs: number | null;
}

/** `stops after 10m without a Claude event (last one 12s ago) · time limit 2h (1h38m left)`. */
export function watchdogLine(job: Job, limits: RunLimitsView, now = Date.now()): string {
  const running = job.status === "running";
  const last = job.progress?.lastEventAt ?? job.startedAt;
  const stall =
    limits.stallMs === null
      ? "no inactivity limit"
      : `stops after ${formatDuration(limits.stallMs)} without a Claude event${running && last ? ` (last one ${formatDuration(now - last)} ago)` : ""}`;
  const max =
    limits.maxMs === null
      ? "no time limit"
      : `time limit ${formatDuration(limits.maxMs)}${running && job.startedAt ? ` (${formatDuration(Math.max(0, job.startedAt + limits.maxMs - now))} left)` : ""}`;
  return `${stall} · ${max}`;
}

/** Time the job has run so far (active) or ran (finished). */
export function jobElapsed(job: Job, now = Date.now()): string {
  const from = job.startedAt ?? job.createdAt;
  const to = job.finishedAt ?? (job.status === "queued" ? job.createdAt : now);
  return job.status === "queued" ? `queued ${formatElapsed(now - job.createdAt)}` : formatElapsed(Math.max(0, to - from));
}

/** One line of what a running job is doing: `turn 4 · 3 tools · Bash: bun test`. */
export function progressLine(job: Job): string | null {
  const p = job.progress;
  if (job.status !== "running" || !p) return null;
  const parts = [`turn ${p.turns}`, `${p.toolCalls} tool${p.toolCalls === 1 ? "" : "s"}`];
  if (p.retries) parts.push(`${p.retries} API retr${p.retries === 1 ? "y" : "ies"}`);
  parts.push(p.currentTool ?? (p.lastText ? `“${p.lastText.slice(0, 60)}”` : "thinking"));
  return parts.join(" · ");
}

const clip = (text: string, width: number) => (text.length <= width ? text : `${text.slice(0, width - 1)}…`);

/** `code` in backticks: the hint is a command to copy. */
const code = (text: string) => `\`${text}\``;

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
export function jobListCells(job: Job, now: number): string[] {
  const unread = job.status !== "queued" && job.status !== "running" && job.readAt === null ? " (unread)" : "";
  const summary = progressLine(job) ? `${job.summary} — ${progressLine(job)}` : job.summary;
  return [job.id, job.kind, `${job.status}${unread}`, jobElapsed(job, now), formatCost(job.costUsd), clip(summary.replace(/\s+/g, " "), 90)];
}

/**
 * Column widths that fit the header and every row seen so far: start with `listWidths()` and
 * widen with each row's cells. (`cc status --all` streams: one pass for the widths, one to print.)
 */
export const listWidths = (): number[] => LIST_HEADER.map((h) => h.length);
export function widenTo(widths: number[], cells: string[]): void {
  for (const [i, c] of cells.entries()) widths[i] = Math.max(widths[i]!, c.length);
}

/** One line of the list (the last column is not padded). */
export const renderListLine = (cells: string[], widths: number[]): string =>
  cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ");

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

export function renderJobList(jobs: Job[], opts: JobListOptions): string {
  if (jobs.length === 0) return renderEmptyList(opts);
  const now = opts.now ?? Date.now();
  const rows = jobs.map((job) => jobListCells(job, now));
  const widths = listWidths();
  for (const cells of rows) widenTo(widths, cells);
  return `${renderListHead(opts, widths)}${rows.map((cells) => `${renderListLine(cells, widths)}\n`).join("")}${renderListFoot(opts)}`;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"));

export function renderJobDetail(
  job: Job,
  opts: { logTail: string[]; style: HintStyle; limits?: RunLimitsView; now?: number; conversation?: string[] },
): string {
  const cc = (sub: string, ...args: string[]) => code(ccCommand(opts.style, sub, ...args));
  const rows: [string, string | null][] = [
    ["Kind", job.kind],
    ["Status", job.status === "running" || job.status === "queued" ? job.status : `${job.status}${job.readAt === null ? " (unread)" : ""}`],
    ["Summary", job.summary],
    ["Progress", progressLine(job)],
    ["Created", iso(job.createdAt)],
    ["Started", iso(job.startedAt)],
    ["Finished", iso(job.finishedAt)],
    ["Elapsed", jobElapsed(job, opts.now)],
    ["Workspace", job.cwd === job.workspaceRoot ? job.workspaceRoot : `${job.workspaceRoot} (cwd ${job.cwd})`],
    ["Codex session", job.codexSession],
    ["Model", [job.model, job.effort && `effort ${job.effort}`, `profile ${job.profile}`].filter(Boolean).join(", ")],
    [
      "Cost",
      job.costUsd === null ? null : `${formatCost(job.costUsd)} (${job.inputTokens ?? 0} in / ${job.outputTokens ?? 0} out tokens, ${job.turns ?? 0} turns)`,
    ],
    ["Claude session", job.claudeSession],
    ["Resume", job.resumeCommand],
    ["Error", job.errorMessage && `${job.errorMessage}${job.errorClass ? ` [${job.errorClass}]` : ""}`],
    ["Watchdog", opts.limits ? watchdogLine(job, opts.limits, opts.now) : null],
    ["Worker", job.status === "running" && job.workerPid !== null ? `pid ${job.workerPid}${job.claudePid ? `, claude pid ${job.claudePid}` : ""}` : null],
    ["Log", job.logPath],
  ];
  const shown = rows.filter((r): r is [string, string] => r[1] !== null && r[1] !== "");
  const width = Math.max(...shown.map(([k]) => k.length));
  const out = [`Job ${job.id}`, "", ...shown.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${v}`)];
  if (opts.conversation?.length) out.push(...opts.conversation);
  if (opts.logTail.length) out.push("", "Log (last lines):", ...opts.logTail.map((l) => `  ${l}`));
  out.push(
    "",
    job.status === "queued" || job.status === "running"
      ? `Wait: ${cc("status", job.id, "--wait")} · stop: ${cc("cancel", job.id)}`
      : `Output: ${cc("result", job.id)}`,
  );
  return `${out.join("\n")}\n`;
}

/** A readable line for one log line: claude's stream-json is summarised, other lines kept. */
function logLine(line: string): string | null {
  if (!line.startsWith("{")) return line.trim() ? clip(line, 200) : null;
  try {
    const ev = JSON.parse(line) as { type?: string; subtype?: string; model?: string; message?: { content?: unknown } };
    if (ev.type === "system" && ev.subtype === "init") return `claude started (${ev.model ?? "model unknown"})`;
    if (ev.type === "result") return `claude finished: ${ev.subtype ?? "result"}`;
    if (ev.type === "assistant" && Array.isArray(ev.message?.content)) {
      const parts = (ev.message!.content as { type?: string; text?: string; name?: string }[]).map((b) =>
        b.type === "text" && b.text?.trim() ? `claude: ${b.text.replace(/\s+/g, " ").trim()}` : b.type === "tool_use" ? `tool: ${b.name}` : null,
      );
      const text = parts.filter(Boolean).join(" · ");
      return text ? clip(text, 200) : null;
    }
    return null;
  } catch {
    return clip(line, 200);
  }
}

/** The last `count` readable lines of a log's raw tail (claude's stream-json summarised). */
export function summariseLog(rawLines: string[], count = 12): string[] {
  return rawLines
    .map(logLine)
    .filter((l): l is string => l !== null)
    .slice(-count);
}

/** What `--background` prints: the job id and the commands that follow it. */
export function renderLaunched(job: Job, style: HintStyle): string {
  const cc = (sub: string, ...args: string[]) => ccCommand(style, sub, ...args);
  const rows: [string, string][] = [
    ["Progress:", cc("status", job.id)],
    ["Wait for it:", cc("status", job.id, "--wait")],
    ["Output:", cc("result", job.id)],
    ["Stop it:", cc("cancel", job.id)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `Started ${job.kind} job ${job.id} in the background: ${job.summary}`,
    ...rows.map(([label, command]) => `${label.padEnd(width)} ${command}`),
    "",
  ].join("\n");
}

/** One line under `cc status` about unread results that other Codex sessions of this workspace left. */
export function renderUnreadElsewhere(count: number, newestId: string, style: HintStyle): string {
  const all = code(ccCommand(style, "status", "--all"));
  const newest = code(ccCommand(style, "result", newestId));
  return count === 1
    ? `1 unread result from an earlier Codex session: ${newest} (${all} lists every job here).`
    : `${count} unread results from earlier Codex sessions; the newest: ${newest} (${all} lists every job here).`;
}

/** The first line of `cc result` when it shows another session's job because this one has none. */
export const earlierSessionNote = (job: Job): string =>
  `(No finished job in this Codex session yet; this is the newest unread result of the workspace, from ${job.codexSession ? "an earlier Codex session" : "a run outside Codex"}.)\n\n`;
