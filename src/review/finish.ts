/**
 * The review finisher (registered in src/kinds.ts): runs where Claude ran (foreground command or
 * background worker) and validates the structured findings once, so `cc result` and the foreground
 * command render the same stored object.
 */
import type { ClaudeOutcome } from "../claude/types.ts";
import { parseReviewOutput, type ReviewOutput, SEVERITIES } from "../contracts/review-findings.ts";
import { type ReviewJobOutput, reviewJobInputSchema } from "../contracts/review-job.ts";
import type { FinisherResult } from "../jobs/finisher.ts";
import type { Job } from "../jobs/types.ts";
import { removeCheckout } from "./checkout.ts";
import { recordReview } from "./marks.ts";

/**
 * A review of a checked-out revision: remember the reviewed commit for `--since-last` (only when
 * findings came back) and remove the checkout, which only this run needed.
 */
function rememberAndClean(job: Job, reviewed: boolean): void {
  const input = reviewJobInputSchema.safeParse(job.kindInput);
  const revision = input.success ? input.data.revision : undefined;
  if (!revision) return;
  removeCheckout(revision.checkout);
  if (!reviewed || !revision.key) return;
  try {
    recordReview(revision.userRepo, revision.key, revision.commit, job.id);
  } catch {
    /* not remembered: the next --since-last review is a full one and says so */
  }
}

/**
 * Findings name files relative to the repository root, which every format (SARIF, annotations)
 * relies on; a path Claude gave absolute under its working directory (a review checkout) or the
 * workspace is made relative.
 */
function relativeTo(output: ReviewOutput, roots: string[]): ReviewOutput {
  const prefixes = roots.filter(Boolean).map((r) => `${r.replace(/\/+$/, "")}/`);
  const relative = (file: string) => {
    const prefix = prefixes.find((p) => file.startsWith(p));
    return prefix && file.length > prefix.length ? file.slice(prefix.length) : file;
  };
  return { ...output, findings: output.findings.map((f) => ({ ...f, file: relative(f.file) })) };
}

export function finishReview(job: Job, outcome: ClaudeOutcome): FinisherResult {
  const checked = parseReviewOutput(outcome.structured, outcome.hasStructured);
  const parsed = checked.ok ? { ok: true as const, output: relativeTo(checked.output, [outcome.cwd, job.workspaceRoot]) } : checked;
  if (!parsed.ok) {
    rememberAndClean(job, false);
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
  rememberAndClean(job, true);
  // The verdict leads: it is what differs between rows, and a narrow `cc status` cuts the end (the target).
  return { kindOutput, summary: `${verdict}${counts.length ? ` (${counts.join(", ")})` : ""} — ${job.summary}` };
}
