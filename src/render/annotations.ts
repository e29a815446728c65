/**
 * A review as GitHub Actions workflow commands (`::error file=…,line=…::…`): each finding becomes
 * an annotation on its file and lines in the pull request. Values are escaped as the runner
 * requires, so a finding's text cannot end the command early or start another one.
 */

import type { Finding, Severity } from "../contracts/review-findings.ts";
import type { Job } from "../jobs/types.ts";
import { repoRelativePath } from "./format.ts";
import { parseReviewJob } from "./review.ts";

const COMMAND: Record<Severity, "error" | "warning" | "notice"> = { critical: "error", high: "error", medium: "warning", low: "notice" };

/** Escaping of a command's message (the runner's `escapeData`). */
export const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
/** Escaping of a property value (`escapeProperty`): also `:` and `,`. */
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

function annotation(f: Finding): string {
  const props = [
    `file=${escapeProperty(repoRelativePath(f.file))}`,
    `line=${f.line_start}`,
    `endLine=${Math.max(f.line_start, f.line_end)}`,
    `title=${escapeProperty(`[${f.severity}] ${f.title.trim()}`)}`,
  ];
  const message = `${f.body.trim()}\n\nRecommendation: ${f.recommendation.trim()}`;
  return `::${COMMAND[f.severity]} ${props.join(",")}::${escapeData(message)}`;
}

export function reviewAnnotations(job: Job): string {
  const parsed = parseReviewJob(job);
  const output = job.status === "completed" ? parsed?.output?.findings : null;
  if (job.status !== "completed")
    return `::error title=${escapeProperty("cc review")}::${escapeData(`The review ${job.status === "cancelled" ? "was cancelled" : "failed"}: ${job.errorMessage ?? "no reason recorded"}`)}\n`;
  if (!output)
    return `::warning title=${escapeProperty("cc review")}::${escapeData(`No structured findings (${parsed?.output?.note ?? "none recorded"}). Claude's reply:\n${job.resultText ?? ""}`)}\n`;
  const lines = output.findings.map(annotation);
  lines.push(`::notice title=${escapeProperty(`cc review: ${output.verdict}`)}::${escapeData(output.summary.trim())}`);
  return `${lines.join("\n")}\n`;
}
