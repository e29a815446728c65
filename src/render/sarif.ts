/**
 * A review as SARIF 2.1.0, for code scanning (GitHub's upload-sarif, GitLab, IDE viewers): one rule
 * per severity, one result per finding with its file and lines. A rendering of the same stored job
 * as every other format; a review that produced no findings object is a run with no results whose
 * invocation says why.
 */

import { type Finding, SEVERITIES, type Severity } from "../contracts/review-findings.ts";
import type { Job } from "../jobs/types.ts";
import { repoRelativePath } from "./format.ts";
import { parseReviewJob } from "./review.ts";

const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/** Code scanning knows three levels; critical and high both block. */
const SARIF_LEVEL: Record<Severity, "error" | "warning" | "note"> = { critical: "error", high: "error", medium: "warning", low: "note" };

const ruleId = (severity: Severity) => `cc-review/${severity}`;

/** A repository-relative path as a SARIF URI: forward slashes, no leading `./` or `/`, reserved characters escaped. */
function artifactUri(file: string): string {
  return repoRelativePath(file).split("/").map(encodeURIComponent).join("/");
}

function result(f: Finding) {
  const text = [f.title.trim(), "", f.body.trim(), "", `Recommendation: ${f.recommendation.trim()}`].join("\n");
  return {
    ruleId: ruleId(f.severity),
    ruleIndex: SEVERITIES.indexOf(f.severity),
    level: SARIF_LEVEL[f.severity],
    message: { text },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(f.file), uriBaseId: "%SRCROOT%" },
          region: { startLine: f.line_start, endLine: Math.max(f.line_start, f.line_end) },
        },
      },
    ],
    properties: { severity: f.severity, confidence: f.confidence, title: f.title.trim() },
  };
}

export interface SarifTool {
  version: string;
}

export function reviewSarif(job: Job, tool: SarifTool): Record<string, unknown> {
  const parsed = parseReviewJob(job);
  const output = job.status === "completed" ? parsed?.output?.findings : null;
  const problem =
    job.status !== "completed"
      ? `The review ${job.status === "cancelled" ? "was cancelled" : "failed"}: ${job.errorMessage ?? "no reason recorded"}`
      : !output
        ? `No structured findings: ${parsed?.output?.note ?? "none were recorded"}`
        : null;
  return sarifLog(tool, job.kind, {
    results: (output?.findings ?? []).map(result),
    notification: problem ? { level: "error", text: problem } : null,
    properties: { job: job.id, ...(output ? { verdict: output.verdict, summary: output.summary } : {}) },
  });
}

/** A run with no results: nothing to review (the message says why). */
export function emptySarif(tool: SarifTool, kind: string, message: string): Record<string, unknown> {
  return sarifLog(tool, kind, { results: [], notification: { level: "note", text: message }, properties: {} });
}

function sarifLog(
  tool: SarifTool,
  kind: string,
  run: { results: unknown[]; notification: { level: "error" | "note"; text: string } | null; properties: Record<string, unknown> },
): Record<string, unknown> {
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "cc",
            fullName: "cc (Claude Code for Codex) review",
            version: tool.version,
            informationUri: "https://github.com/cc-for-codex/cc",
            rules: SEVERITIES.map((s) => ({
              id: ruleId(s),
              name: `ReviewFinding${s[0]!.toUpperCase()}${s.slice(1)}`,
              shortDescription: { text: `A ${s}-severity finding of a Claude Code review` },
              defaultConfiguration: { level: SARIF_LEVEL[s] },
              properties: { severity: s },
            })),
          },
        },
        automationDetails: { id: `cc/${kind}/` },
        invocations: [
          {
            executionSuccessful: run.notification?.level !== "error",
            ...(run.notification ? { toolExecutionNotifications: [{ level: run.notification.level, message: { text: run.notification.text } }] } : {}),
          },
        ],
        results: run.results,
        properties: run.properties,
      },
    ],
  };
}
