/**
 * The stop gate's words: the block reason Codex continues the turn with, the one line the user sees
 * for each gate outcome, and the gate job as `cc result` shows it. Pure: job in, text out.
 */

import { type GateVerdict, gateJobOutputSchema } from "../contracts/gate-verdict.ts";
import type { Job } from "../jobs/types.ts";
import { formatCost } from "./format.ts";
import { resultFooter } from "./result.ts";

export function gateVerdictOf(job: Job): GateVerdict | null {
  const extra = gateJobOutputSchema.safeParse(job.kindOutput);
  return extra.success ? extra.data.verdict : null;
}

const costOf = (job: Job) => `${job.id}, ${formatCost(job.costUsd)}`;

/** The text Codex gets as the next user message when the gate blocks. */
export function gateBlockReason(job: Job, verdict: GateVerdict): string {
  const reasons = verdict.reasons.length ? verdict.reasons.map((r) => `- ${r.trim()}`) : [`- ${verdict.summary.trim()}`];
  return [
    "Claude Code's stop-time review of this turn's edits found problems to fix before you finish:",
    ...reasons,
    "",
    `Fix them (or, if a finding is wrong, say why), then finish the turn. Review job: ${job.id}.`,
  ].join("\n");
}

export const gateBlockedLine = (job: Job, verdict: GateVerdict, count: number, cap: number) =>
  `cc review gate: blocked the stop (${count}/${cap} this turn) — ${verdict.summary.trim()} (${costOf(job)})`;
export const gateAllowedLine = (job: Job, verdict: GateVerdict) => `cc review gate: allowed — ${verdict.summary.trim()} (${costOf(job)})`;
export const gateAdvisoryLine = (job: Job, verdict: GateVerdict) =>
  `cc review gate (report only: set never to block a stop): ${verdict.summary.trim()} — $cc:result ${job.id} (${costOf(job)})`;
/** A stop after the turn's blocks are used up: it is let through without a second review. */
export const gateCapLine = (blocks: number) =>
  `cc review gate: this stop was not reviewed again — the gate already blocked this turn ${blocks === 1 ? "once" : `${blocks} times`}, as often as it may. The stop proceeds.`;
export const gateSkippedLine = (why: string) => `cc review gate did not run: ${why}. The stop proceeds.`;

export function gateFailedOpenLine(job: Job): string {
  const why = (job.errorMessage ?? "no verdict").replace(/\s+/g, " ").trim().slice(0, 300).replace(/\.?$/, ".");
  return `cc review gate did not run: ${why} The stop proceeds (${job.id}).`;
}

/** `cc result <gate job>`. */
export function renderGateResult(job: Job): string {
  const verdict = gateVerdictOf(job);
  const out: string[] = ["# Claude Code stop-time review", ""];
  if (verdict) {
    out.push(`Decision: ${verdict.decision}`, "", verdict.summary.trim());
    if (verdict.reasons.length) out.push("", ...verdict.reasons.map((r) => `- ${r.trim()}`));
  } else {
    out.push(
      job.status === "completed" ? "(No verdict was recorded.)" : `The review did not finish (${job.status}): ${job.errorMessage ?? "no reason recorded"}`,
    );
  }
  return `${out.join("\n")}\n\n${resultFooter(job)}`;
}
