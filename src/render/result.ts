/**
 * A finished job as text: the generic rendering and the footer every rendering ends with. Kinds
 * with their own presentation (review findings, rescue's changed files) have renderers of their
 * own; the kind registry (src/kinds.ts) picks one.
 */
import { endedWell, type Job } from "../jobs/types.ts";
import { formatCost, plural } from "./format.ts";

/** The lines every rendering ends with: status, cost, Claude session and how to resume it. */
export function resultFooter(job: Job): string {
  const lines = [`— ${job.id} · ${job.kind} · ${job.status} · ${formatCost(job.costUsd)}${job.turns === null ? "" : ` · ${plural(job.turns, "turn")}`}`];
  if (job.claudeSession) lines.push(`Claude session: ${job.claudeSession}${job.codexSession ? ` · Codex session: ${job.codexSession}` : ""}`);
  else if (job.codexSession) lines.push(`Codex session: ${job.codexSession}`);
  if (job.resumeCommand) lines.push(`Resume: ${job.resumeCommand}`);
  return `${lines.join("\n")}\n`;
}

export function renderGenericResult(job: Job): string {
  const out: string[] = [];
  if (endedWell(job.status)) {
    out.push(job.resultText?.trim() ? job.resultText.trimEnd() : "(Claude finished without a final message.)");
  } else {
    const what = job.status === "cancelled" ? "was cancelled" : "failed";
    out.push(`Job ${job.id} (${job.kind}) ${what}: ${job.errorMessage ?? "no reason recorded"}`);
    if (job.resultText?.trim()) out.push("", "Claude's last message:", job.resultText.trimEnd());
  }
  return `${out.join("\n")}\n\n${resultFooter(job)}`;
}

/** The generic `--json` of a finished job: the row, minus what only cc's own bookkeeping needs. */
export function genericResultJson(job: Job): unknown {
  return { job };
}
