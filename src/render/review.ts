/**
 * How a review reads: the verdict, findings grouped by severity with `file:line`, next steps. Used
 * by `cc result` and by the foreground commands (both through the kind registry, src/kinds.ts), so
 * both print exactly the same thing. When Claude's structured output was missing or invalid, its
 * text reply is shown instead, with a note saying so.
 */

import { type Finding, type ReviewOutput, SEVERITIES } from "../contracts/review-findings.ts";
import { type ReviewJobInput, type ReviewJobOutput, reviewJobInputSchema, reviewJobOutputSchema } from "../contracts/review-job.ts";
import { endedWell, type Job } from "../jobs/types.ts";
import { renderGenericResult, resultFooter } from "./result.ts";

const TITLES = { review: "Claude Code review", "adversarial-review": "Claude Code adversarial review" } as const;
const HEADINGS: Record<string, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low" };

const indent = (text: string, pad: string) =>
  text
    .trim()
    .split("\n")
    .map((l) => (l ? pad + l : l))
    .join("\n");

export function location(f: Pick<Finding, "file" | "line_start" | "line_end">): string {
  return f.line_end > f.line_start ? `${f.file}:${f.line_start}-${f.line_end}` : `${f.file}:${f.line_start}`;
}

function findingBlock(f: Finding): string {
  const lines = [`- **${location(f)}** — ${f.title.trim()} (confidence ${Math.round(f.confidence * 100)}%)`, indent(f.body, "  ")];
  lines.push(indent(`Recommendation: ${f.recommendation.trim()}`, "  "));
  return lines.join("\n");
}

export function renderFindings(output: ReviewOutput): string {
  const counts = SEVERITIES.map((s) => [s, output.findings.filter((f) => f.severity === s)] as const).filter(([, fs]) => fs.length);
  const tally = counts.map(([s, fs]) => `${fs.length} ${s}`).join(", ");
  const verdict = output.verdict === "approve" ? "approve" : "needs attention";
  const out = [`**Verdict: ${verdict}**${tally ? ` — ${tally}` : " — no findings"}`, "", output.summary.trim()];
  for (const [severity, findings] of counts) {
    out.push("", `## ${HEADINGS[severity]}`, ...findings.map(findingBlock));
  }
  if (output.next_steps.length) out.push("", "## Next steps", ...output.next_steps.map((s) => `- ${s.trim()}`));
  return out.join("\n");
}

function contextNote(input: ReviewJobInput): string | null {
  const c = input.context;
  if (c.complete) return null;
  return `_Context: ${c.inlined} of ${c.files} changed files were inlined (prompt budget ${Math.round(c.budgetBytes / 1024)} KiB); Claude was asked to inspect the rest with read-only git commands._`;
}

/** The review as text, without the job footer. */
export function renderReviewBody(input: ReviewJobInput, output: ReviewJobOutput | null, text: string): string {
  const out = [`# ${TITLES[input.kind]}: ${input.label}`];
  if (input.focus) out.push(`Focus: ${input.focus}`);
  out.push("");
  if (output?.findings) out.push(renderFindings(output.findings));
  else {
    out.push(`> Note: ${output?.note ?? "no structured findings were recorded"}; showing Claude's reply as text.`, "");
    out.push(text.trim() || "(Claude returned no text either.)");
  }
  const note = contextNote(input);
  if (note) out.push("", note);
  return `${out.join("\n")}\n`;
}

export function parseReviewJob(job: Job): { input: ReviewJobInput; output: ReviewJobOutput | null } | null {
  const input = reviewJobInputSchema.safeParse(job.kindInput);
  if (!input.success) return null;
  const output = reviewJobOutputSchema.safeParse(job.kindOutput);
  return { input: input.data, output: output.success ? output.data : null };
}

/**
 * A review of a branch or pull request ran in a checkout that is gone once it ended: its Claude
 * session cannot be resumed from there, so no resume command is offered.
 */
function withoutDeadResume(job: Job): Job {
  const input = reviewJobInputSchema.safeParse(job.kindInput);
  return input.success && input.data.revision ? { ...job, resumeCommand: null } : job;
}

export function renderReviewResult(job: Job): string {
  const shown = withoutDeadResume(job);
  const parsed = endedWell(shown.status) ? parseReviewJob(shown) : null;
  if (!parsed) return renderGenericResult(shown);
  return `${renderReviewBody(parsed.input, parsed.output, shown.resultText ?? "")}\n${resultFooter(shown)}`;
}

/** What `--json` prints: the validated findings, or Claude's text with the reason there are none. */
export function reviewJson(job: Job): unknown {
  const parsed = parseReviewJob(job);
  const base = { job: job.id, status: job.status };
  if (!endedWell(job.status)) return { ...base, error: job.errorMessage, errorClass: job.errorClass, text: job.resultText ?? "" };
  if (parsed?.output?.findings) return parsed.output.findings;
  return { ...base, findings: null, note: parsed?.output?.note ?? "no structured findings were recorded", text: job.resultText ?? "" };
}
