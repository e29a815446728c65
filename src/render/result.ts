/**
 * A finished job as text: the generic rendering and the footer every rendering ends with. Kinds
 * with their own presentation (review findings, rescue's changed files) have renderers of their
 * own; the kind registry (src/kinds.ts) picks one.
 */
import { endedWell, type Job } from "../jobs/types.ts";
import { formatCost, plural } from "./format.ts";

/**
 * The lines every rendering ends with: status, cost, Claude session and how to resume it
 * (`resume: false` for kinds that name their own, cc-level resume command instead).
 */
export function resultFooter(job: Job, opts: { resume?: boolean } = {}): string {
  const lines = [`— ${job.id} · ${job.kind} · ${job.status} · ${formatCost(job.costUsd)}${job.turns === null ? "" : ` · ${plural(job.turns, "turn")}`}`];
  if (job.claudeSession) lines.push(`Claude session: ${job.claudeSession}${job.codexSession ? ` · Codex session: ${job.codexSession}` : ""}`);
  else if (job.codexSession) lines.push(`Codex session: ${job.codexSession}`);
  if (job.resumeCommand && opts.resume !== false) lines.push(`Resume: ${job.resumeCommand}`);
  return `${lines.join("\n")}\n`;
}

/**
 * `was cancelled by the user.`, `failed: <why>`. Cancel reasons are stored as sentences that begin
 * with "Cancelled" (`Cancelled by the user.`), which the verb already says.
 */
function endedBecause(job: Job): string {
  const why = job.errorMessage ?? "no reason recorded";
  if (job.status !== "cancelled") return `failed: ${why}`;
  const rest = /^cancell?ed\b/i.test(why) ? why.replace(/^cancell?ed\b/i, "") : `: ${why}`;
  return `was cancelled${rest}`;
}

export function renderGenericResult(job: Job, opts: { resume?: boolean } = {}): string {
  const out: string[] = [];
  if (endedWell(job.status)) {
    out.push(job.resultText?.trim() ? job.resultText.trimEnd() : "(Claude finished without a final message.)");
  } else {
    out.push(`Job ${job.id} (${job.kind}) ${endedBecause(job)}`);
    if (job.resultText?.trim()) out.push("", "Claude's last message:", job.resultText.trimEnd());
  }
  return `${out.join("\n")}\n\n${resultFooter(job, opts)}`;
}

/** The generic `--json` of a finished job: the row, minus what only cc's own bookkeeping needs. */
export function genericResultJson(job: Job): unknown {
  return { job };
}
