/**
 * The structured result of a review, said once as a zod schema: the JSON schema Claude is given
 * (`--json-schema`) is generated from it, so the two cannot drift. Claude validates its own output
 * against the schema, but cc checks again: the model or an older claude can still return something
 * else, and a stored job row is outside input too.
 */
import { z } from "zod";

export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const findingSchema = z
  .object({
    severity: z.enum(SEVERITIES),
    title: z.string().min(1).describe("One line naming the problem."),
    body: z.string().min(1).describe("What is wrong, why it matters, and the evidence."),
    file: z.string().min(1).describe("Path relative to the repository root."),
    line_start: z.number().int().min(1),
    line_end: z.number().int().min(1),
    confidence: z.number().min(0).max(1).describe("How sure you are that this is a real problem."),
    recommendation: z.string().min(1).describe("The concrete change that fixes it."),
  })
  .strict();

export const reviewOutputSchema = z
  .object({
    verdict: z.enum(["approve", "needs-attention"]).describe("approve when nothing of severity medium or above was found; needs-attention otherwise."),
    summary: z.string().min(1).describe("Two to four sentences: what the change does and the overall assessment."),
    findings: z.array(findingSchema).describe("Concrete problems, most severe first. Empty when there are none."),
    next_steps: z.array(z.string().min(1)).describe("Short follow-up actions for the author, in order."),
  })
  .strict()
  .meta({ title: "cc review result", description: "The outcome of a code review: a verdict, a short summary, concrete findings and next steps." });

export type Finding = z.infer<typeof findingSchema>;
export type ReviewOutput = z.infer<typeof reviewOutputSchema>;

/**
 * The JSON schema handed to claude with --json-schema, generated from the zod schema: draft-07
 * without a `$schema` tag, since claude validates against draft-07 and rejects the 2020-12 tag.
 */
export function reviewJsonSchema(): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(reviewOutputSchema, { target: "draft-07" }) as Record<string, unknown>;
  return schema;
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
