/**
 * The review finisher (registered in src/kinds.ts): runs where Claude ran (foreground command or
 * background worker) and validates the structured findings once, so `cc result` and the foreground
 * command render the same stored object.
 */
import type { ClaudeOutcome } from "../claude/types.ts";
import type { FinisherResult } from "../jobs/finisher.ts";
import type { Job } from "../jobs/types.ts";
import { parseReviewOutput, SEVERITIES } from "../contracts/review-findings.ts";
import type { ReviewJobOutput } from "../contracts/review-job.ts";

export function finishReview(job: Job, outcome: ClaudeOutcome): FinisherResult {
  const parsed = parseReviewOutput(outcome.structured, outcome.hasStructured);
  if (!parsed.ok) {
    const kindOutput: ReviewJobOutput = { findings: null, note: parsed.problem };
    // Claude ended normally but answered in prose instead of findings: still a review worth showing.
    // (Exhausted structured-output retries exit non-zero and stay a failure.)
    const proseOnly = !outcome.ok && outcome.errorClass === "structured_output_failed" && outcome.exitCode === 0 && outcome.text.trim() !== "";
    return proseOnly ? { kindOutput, recovered: true } : { kindOutput };
  }
  const { verdict, findings } = parsed.output;
  const counts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const kindOutput: ReviewJobOutput = { findings: parsed.output, note: null };
  return { kindOutput, summary: `${job.summary} — ${verdict}${counts.length ? ` (${counts.join(", ")})` : ""}` };
}
