/**
 * A review as a pull-request comment body (GitHub or GitLab Markdown): the same verdict, findings
 * and next steps as the text rendering, under a heading naming what was reviewed, with the job in
 * a closing line instead of the terminal footer.
 */
import type { Job } from "../jobs/types.ts";
import { formatCost } from "./format.ts";
import { parseReviewJob, renderFindings } from "./review.ts";

const TITLES = { review: "Claude Code review", "adversarial-review": "Claude Code adversarial review" } as const;

export function reviewMarkdown(job: Job): string {
  const parsed = parseReviewJob(job);
  const title = parsed ? `### ${TITLES[parsed.input.kind]}: ${parsed.input.label}` : `### Claude Code review`;
  const out = [title, ""];
  if (parsed?.input.focus) out.push(`Focus: ${parsed.input.focus}`, "");
  if (parsed?.input.revision?.fullReason) out.push(`_Note: ${parsed.input.revision.fullReason}._`, "");
  if (job.status !== "completed")
    out.push(`> **The review ${job.status === "cancelled" ? "was cancelled" : "failed"}:** ${job.errorMessage ?? "no reason recorded"}`);
  else if (parsed?.output?.findings) out.push(renderFindings(parsed.output.findings));
  else
    out.push(
      `> Note: ${parsed?.output?.note ?? "no structured findings were recorded"}; Claude's reply follows.`,
      "",
      (job.resultText ?? "").trim() || "(no reply)",
    );
  out.push("", `<sub>cc job ${job.id} · ${formatCost(job.costUsd)}</sub>`);
  return `${out.join("\n")}\n`;
}
