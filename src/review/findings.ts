/**
 * The structured result of a review. The JSON schema Claude is given (plugin/schemas/review-output.json,
 * embedded) and this zod mirror describe the same object; a unit test keeps them in step. Claude
 * validates its own output against the schema, but cc checks again: the model or an older claude can
 * still return something else, and a stored job row is outside input too.
 */
import { z } from "zod";
import { payloadFiles } from "../payload/files.ts";

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const findingSchema = z
  .object({
    severity: z.enum(SEVERITIES),
    title: z.string().min(1),
    body: z.string().min(1),
    file: z.string().min(1),
    line_start: z.number().int().min(1),
    line_end: z.number().int().min(1),
    confidence: z.number().min(0).max(1),
    recommendation: z.string().min(1),
  })
  .strict();

export const reviewOutputSchema = z
  .object({
    verdict: z.enum(["approve", "needs-attention"]),
    summary: z.string().min(1),
    findings: z.array(findingSchema),
    next_steps: z.array(z.string().min(1)),
  })
  .strict();

export type Finding = z.infer<typeof findingSchema>;
export type ReviewOutput = z.infer<typeof reviewOutputSchema>;

export const REVIEW_SCHEMA_PATH = "plugin/schemas/review-output.json";

/** The JSON schema handed to claude with --json-schema. */
export function reviewJsonSchema(): Record<string, unknown> {
  const text = payloadFiles[REVIEW_SCHEMA_PATH];
  if (!text) throw new Error(`${REVIEW_SCHEMA_PATH} is not embedded`);
  return JSON.parse(text) as Record<string, unknown>;
}

export type ParsedFindings = { ok: true; output: ReviewOutput } | { ok: false; problem: string };

/** Validate structured output; on failure say what was wrong in one short line. */
export function parseReviewOutput(value: unknown, present = value !== undefined && value !== null): ParsedFindings {
  if (!present) return { ok: false, problem: "Claude returned no structured findings" };
  const parsed = reviewOutputSchema.safeParse(value);
  if (parsed.success) return { ok: true, output: parsed.data };
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? issue.path.join(".") : "the top level";
  return { ok: false, problem: `Claude's structured findings were invalid at ${where}: ${issue.message}` };
}
