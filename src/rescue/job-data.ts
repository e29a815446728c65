/** What a rescue job keeps in its row: its kind input at the start, its kind output when it finishes. */
import { z } from "zod";

export const rescueJobInputSchema = z.object({
  /** Working tree before Claude ran (git tree id), to list what it changed. */
  before: z.object({ tree: z.string().nullable(), head: z.string().nullable(), reason: z.string().nullable() }),
  /** The job this one continues, when it resumed a session. */
  resumedFrom: z.string().nullable(),
  readOnly: z.boolean(),
  /** An earlier rescue of the session this one started fresh instead of continuing (the result's footer says how). */
  continuable: z.string().nullable().optional(),
});
export type RescueJobInput = z.infer<typeof rescueJobInputSchema>;

export const rescueJobOutputSchema = z.object({
  changes: z.object({
    files: z.array(z.object({ path: z.string(), added: z.number().nullable(), deleted: z.number().nullable() })),
    stat: z.string(),
    headMoved: z.boolean(),
    unavailable: z.string().nullable(),
  }),
});
export type RescueJobOutput = z.infer<typeof rescueJobOutputSchema>;
