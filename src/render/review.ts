/**
 * How a review reads: the verdict, findings grouped by severity with `file:line`, next steps. Used
 * by `cc result` (through the renderer registry in results.ts) and by the foreground commands, so
 * both print exactly the same thing. When Claude's structured output was missing or invalid, its
 * text reply is shown instead, with a note saying so.
 */
import type { Job } from "../jobs/types.ts";
import { SEVERITIES, type Finding, type ReviewOutput } from "../review/findings.ts";
import { reviewExtraSchema, reviewMetaSchema, type ReviewExtra, type ReviewMeta } from "../review/meta.ts";
import { renderGenericResult, resultFooter } from "./results.ts";

const TITLES = { review: "Claude Code review", "adversarial-review": "Claude Code adversarial review" } as const;
const HEADINGS: Record<string, string> = { critical: "Critical", high: "High", medium: "Medium", low: "Low" };

const indent = (text: string, pad: string) => text.trim().split("\n").map((l) => (l ? pad + l : l)).join("\n");

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

function contextNote(meta: ReviewMeta): string | null {
  const c = meta.context;
  if (c.complete) return null;
  return `_Context: ${c.inlined} of ${c.files} changed files were inlined (prompt budget ${Math.round(c.budgetBytes / 1024)} KiB); Claude was asked to inspect the rest with read-only git commands._`;
}

/** The review as text, without the job footer. */
export function renderReviewBody(meta: ReviewMeta, extra: ReviewExtra | null, text: string): string {
  const out = [`# ${TITLES[meta.kind]}: ${meta.label}`];
  if (meta.focus) out.push(`Focus: ${meta.focus}`);
  out.push("");
  if (extra?.findings) out.push(renderFindings(extra.findings));
  else {
    out.push(`> Note: ${extra?.note ?? "no structured findings were recorded"}; showing Claude's reply as text.`, "");
    out.push(text.trim() || "(Claude returned no text either.)");
  }
  const note = contextNote(meta);
  if (note) out.push("", note);
  return `${out.join("\n")}\n`;
}

export function parseReviewJob(job: Job): { meta: ReviewMeta; extra: ReviewExtra | null } | null {
  const meta = reviewMetaSchema.safeParse(job.meta);
  if (!meta.success) return null;
  const extra = reviewExtraSchema.safeParse(job.extra);
  return { meta: meta.data, extra: extra.success ? extra.data : null };
}

/** The ResultRenderer for review jobs (see results.ts). */
export function render(job: Job): string {
  const parsed = job.status === "completed" ? parseReviewJob(job) : null;
  if (!parsed) return renderGenericResult(job);
  return `${renderReviewBody(parsed.meta, parsed.extra, job.resultText ?? "")}\n${resultFooter(job)}`;
}

/** What `--json` prints: the validated findings, or Claude's text with the reason there are none. */
export function reviewJson(job: Job): unknown {
  const parsed = parseReviewJob(job);
  const base = { job: job.id, status: job.status };
  if (job.status !== "completed") return { ...base, error: job.errorMessage, errorClass: job.errorClass, text: job.resultText ?? "" };
  if (parsed?.extra?.findings) return parsed.extra.findings;
  return { ...base, findings: null, note: parsed?.extra?.note ?? "no structured findings were recorded", text: job.resultText ?? "" };
}
