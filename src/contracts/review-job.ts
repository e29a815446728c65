/**
 * What a review job carries besides Claude's request: its kind input (written when the job is
 * created) and kind output (written by the finisher). Both live in the job row, so both are parsed
 * on the way out.
 */
import { z } from "zod";
import { reviewOutputSchema } from "./review-findings.ts";

export const REVIEW_KINDS = ["review", "adversarial-review"] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export const reviewJobInputSchema = z.object({
  kind: z.enum(REVIEW_KINDS),
  mode: z.enum(["working-tree", "branch", "revision"]),
  label: z.string(),
  focus: z.string().nullable(),
  context: z.object({
    files: z.number().int().nonnegative(),
    inlined: z.number().int().nonnegative(),
    complete: z.boolean(),
    promptBytes: z.number().int().nonnegative(),
    budgetBytes: z.number().int().positive(),
  }),
  /** `--ref`, `--range`, `--pr`: what was checked out and reviewed (absent for the user's own tree). */
  revision: z
    .object({
      kind: z.enum(["ref", "range", "pr"]),
      spec: z.string(),
      /** The reviewed commit. */
      commit: z.string(),
      /** The diff's old side (merge base, range start, or the last reviewed commit). */
      from: z.string(),
      userRepo: z.string(),
      checkout: z.string(),
      key: z.string().nullable(),
      /** `--since-last`: the commit the last review ended at; null for a full review. */
      since: z.string().nullable(),
      fullReason: z.string().nullable(),
    })
    .optional(),
});
export type ReviewJobInput = z.infer<typeof reviewJobInputSchema>;

export const reviewJobOutputSchema = z.object({
  /** The validated findings, or null when Claude's structured output was missing or invalid. */
  findings: reviewOutputSchema.nullable(),
  /** Why the findings are missing; the renderer then shows Claude's text. */
  note: z.string().nullable(),
});
export type ReviewJobOutput = z.infer<typeof reviewJobOutputSchema>;
