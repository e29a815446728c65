/**
 * What a review job carries besides Claude's request: its kind input (written when the job is
 * created) and kind output (written by the finisher). Both live in the job row, so both are parsed
 * on the way out.
 */
import { z } from "zod";
import { reviewOutputSchema } from "./review-findings.ts";

const REVIEW_KINDS = ["review", "adversarial-review"] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export const reviewJobInputSchema = z.object({
  kind: z.enum(REVIEW_KINDS),
  mode: z.enum(["working-tree", "branch"]),
  label: z.string(),
  focus: z.string().nullable(),
  context: z.object({
    files: z.number().int().nonnegative(),
    inlined: z.number().int().nonnegative(),
    complete: z.boolean(),
    promptBytes: z.number().int().nonnegative(),
    budgetBytes: z.number().int().positive(),
  }),
});
export type ReviewJobInput = z.infer<typeof reviewJobInputSchema>;

export const reviewJobOutputSchema = z.object({
  /** The validated findings, or null when Claude's structured output was missing or invalid. */
  findings: reviewOutputSchema.nullable(),
  /** Why the findings are missing; the renderer then shows Claude's text. */
  note: z.string().nullable(),
});
export type ReviewJobOutput = z.infer<typeof reviewJobOutputSchema>;
