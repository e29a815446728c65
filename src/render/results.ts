/**
 * Rendering a finished job (`cc result`, and the foreground commands after a run). A kind with its
 * own presentation (review findings, rescue's changed files) lists a renderer below with a literal
 * import (the compiled binary only contains literally imported modules); others get the generic one.
 */
import type { Job, JobKind } from "../jobs/types.ts";
import { formatCost } from "./jobs.ts";

export interface ResultRenderer {
  /** Text for the terminal / Codex. Should end with `resultFooter(job)` so the resume command is always there. */
  render(job: Job): string;
}

const RENDERERS: Partial<Record<JobKind, () => Promise<ResultRenderer>>> = {
  review: () => import("./review.ts"),
  "adversarial-review": () => import("./review.ts"),
  rescue: () => import("./rescue.ts"),
  gate: () => import("./gate.ts").then((m) => ({ render: m.renderGateResult })),
};

/** The lines every rendering ends with: status, cost, Claude session and how to resume it. */
export function resultFooter(job: Job): string {
  const lines = [`— ${job.id} · ${job.kind} · ${job.status} · ${formatCost(job.costUsd)}${job.turns === null ? "" : ` · ${job.turns} turns`}`];
  if (job.claudeSession) lines.push(`Claude session: ${job.claudeSession}`);
  if (job.resumeCommand) lines.push(`Resume: ${job.resumeCommand}`);
  return `${lines.join("\n")}\n`;
}

export function renderGenericResult(job: Job): string {
  const out: string[] = [];
  if (job.status === "completed") {
    out.push(job.resultText?.trim() ? job.resultText.trimEnd() : "(Claude finished without a final message.)");
  } else {
    const what = job.status === "cancelled" ? "was cancelled" : "failed";
    out.push(`Job ${job.id} (${job.kind}) ${what}: ${job.errorMessage ?? "no reason recorded"}`);
    if (job.resultText?.trim()) out.push("", "Claude's last message:", job.resultText.trimEnd());
  }
  return `${out.join("\n")}\n\n${resultFooter(job)}`;
}

export async function renderJobResult(job: Job): Promise<string> {
  const load = RENDERERS[job.kind];
  if (!load) return renderGenericResult(job);
  return (await load()).render(job);
}
