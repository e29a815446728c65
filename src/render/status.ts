/** Text for `cc status`: the job list, one job's detail (with the tail of its log), the launch text. Pure. */
import type { Job } from "../jobs/types.ts";
import { formatDuration } from "../lib/duration.ts";
import { ccCommand, type HintStyle } from "../lib/invocation.ts";
import { clip, formatCost } from "./format.ts";
import { code, jobElapsed, progressLine } from "./job-list.ts";

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

/** The first line of `cc result` when it shows another session's job because this one has none. */
export const earlierSessionNote = (job: Job): string =>
  `(No finished job in this Codex session yet; this is the newest unread result of the workspace, from ${job.codexSession ? "an earlier Codex session" : "a run outside Codex"}.)\n\n`;
