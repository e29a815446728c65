/**
 * How a review's result leaves cc: `--format text|json|markdown|sarif|github` (each a rendering of
 * the same stored job, src/render/) and `--fail-on <severity>`, which turns a finding at or above
 * that severity into its own exit code for CI.
 */

import { SEVERITIES, type Severity } from "../contracts/review-findings.ts";
import { reviewJobOutputSchema } from "../contracts/review-job.ts";
import type { Job } from "../jobs/types.ts";
import { UsageError } from "../lib/errors.ts";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";

const REVIEW_FORMATS = ["text", "json", "markdown", "sarif", "github"] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

/** `--format`, with `--json` as its older spelling of `--format json`. */
export function parseFormat(value: string | undefined, json: boolean | undefined): ReviewFormat {
  if (value === undefined || value === "") return json ? "json" : "text";
  const v = value.trim().toLowerCase();
  if (!(REVIEW_FORMATS as readonly string[]).includes(v))
    throw new UsageError(`unknown --format "${value.slice(0, 40)}"`, `Use --format ${REVIEW_FORMATS.join(", ")}.`);
  if (json && v !== "json") throw new UsageError(`--json and --format ${v} contradict each other`, "Pass one of them (--json is --format json).");
  return v as ReviewFormat;
}

export function parseFailOn(value: string | undefined): Severity | null {
  if (value === undefined) return null;
  const v = value.trim().toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(v))
    throw new UsageError(
      `unknown --fail-on severity "${value.slice(0, 40)}"`,
      `Use --fail-on ${SEVERITIES.join(", ")} (a finding at or above it exits ${ExitCode.findings}).`,
    );
  return v as Severity;
}

/** The findings at or above `failOn` in a finished review job. */
function findingsAtOrAbove(job: Job, failOn: Severity): number {
  if (job.status !== "completed") return 0;
  const output = reviewJobOutputSchema.safeParse(job.kindOutput);
  const rank = SEVERITIES.indexOf(failOn);
  const findings = output.success ? (output.data.findings?.findings ?? []) : [];
  return findings.filter((f) => SEVERITIES.indexOf(f.severity) <= rank).length;
}

/** The exit code with `--fail-on`: a failed job keeps its own; a completed one with such findings gets `findings`. */
export function failOnExitCode(job: Job, jobCode: ExitCodeValue, failOn: Severity | null): ExitCodeValue {
  if (failOn === null || jobCode !== ExitCode.ok) return jobCode;
  return findingsAtOrAbove(job, failOn) > 0 ? ExitCode.findings : jobCode;
}
