/** What a rescue job keeps in its row: its kind input at the start, its kind output when it finishes. */
import { z } from "zod";
import { repoStateSchema, snapshotSchema } from "./snapshot.ts";
import { worktreeInfoSchema, worktreeResultSchema } from "./worktree.ts";

export const rescueJobInputSchema = z.object({
  /** Working tree before Claude ran (git tree id), to list what it changed. */
  before: z.object({ tree: z.string().nullable(), head: z.string().nullable(), reason: z.string().nullable() }),
  /** The job this one continues, when it resumed a session. */
  resumedFrom: z.string().nullable(),
  readOnly: z.boolean(),
  /** The recoverable snapshot taken before a write run (refs/cc/snapshots/<id>), or why there is none. */
  snapshot: snapshotSchema.nullable().optional(),
  snapshotError: z.string().nullable().optional(),
  /** Whether Claude ran in its OS sandbox, and which hosts it could reach. */
  sandboxed: z.boolean().optional(),
  network: z.array(z.string()).optional(),
  /** An earlier rescue of the session this one started fresh instead of continuing (the result's footer says how). */
  continuable: z.string().nullable().optional(),
  /** The private checkout the run worked in (src/rescue/worktree.ts); absent: it edited the user's tree. */
  worktree: worktreeInfoSchema.optional(),
});
export type RescueJobInput = z.infer<typeof rescueJobInputSchema>;

export const rescueJobOutputSchema = z.object({
  changes: z.object({
    files: z.array(z.object({ path: z.string(), added: z.number().nullable(), deleted: z.number().nullable() })),
    stat: z.string(),
    headMoved: z.boolean(),
    unavailable: z.string().nullable(),
  }),
  /** The repository as the rescue left it (undo refuses once it differs), and what moved. */
  after: repoStateSchema.optional(),
  moved: z.array(z.string()).optional(),
  /** Files of the snapshot the rescue's tree no longer lists (deleted or now ignored), as it left them on disk (rescue/hidden-files.ts). */
  hidden: z.record(z.string(), z.string()).optional(),
  /** A worktree run: what cc brought back into the user's repository, or why it could not. */
  worktree: worktreeResultSchema.optional(),
  worktreeError: z.string().optional(),
});
export type RescueJobOutput = z.infer<typeof rescueJobOutputSchema>;
