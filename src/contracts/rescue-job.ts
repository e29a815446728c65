/**
 * What a rescue job keeps in its row: its kind input at the start (with the repository state its
 * snapshot recorded), its kind output when it finishes.
 */
import { z } from "zod";

export const repoStateSchema = z.object({
  /** The branch HEAD points at (`refs/heads/x`), or null when detached. */
  headRef: z.string().nullable(),
  /** The commit HEAD resolves to; null on an unborn branch. */
  headCommit: z.string().nullable(),
  /** refs/heads/* and refs/tags/* → object id. */
  refs: z.record(z.string(), z.string()),
  /** Stash entries, newest first (refs/stash and its reflog). */
  stash: z.array(z.object({ commit: z.string(), message: z.string() })),
  /** Tree of the index; null when it cannot be written (an unresolved merge). */
  index: z.string().nullable(),
  /** Tree of the working tree with untracked files. */
  worktree: z.string().nullable(),
  /** Why a part is missing. */
  reason: z.string().nullable(),
});
export type RepoState = z.infer<typeof repoStateSchema>;

export const snapshotSchema = z.object({ id: z.string(), gitDir: z.string(), state: repoStateSchema });
export type Snapshot = z.infer<typeof snapshotSchema>;

/** The private checkout a worktree rescue works in (src/rescue/worktree.ts makes it). */
export const worktreeInfoSchema = z.object({
  /** The checkout's top level. */
  path: z.string(),
  /** Its branch: `cc/<job id>`. */
  branch: z.string(),
  /** Where the run starts inside it (the user's cwd, relative to their top level). */
  cwd: z.string(),
  /** The user's repository top level it was made from. */
  userRoot: z.string(),
  /** Ignored directories linked to the user's copy (read-only to Claude: outside its sandbox). */
  shared: z.array(z.string()),
  /** The user's other ignored top-level directories, absent from the checkout (a build may miss them). */
  missing: z.array(z.string()).optional(),
});
export type WorktreeInfo = z.infer<typeof worktreeInfoSchema>;

/** What cc brought back from a checkout into the user's repository. */
export const worktreeResultSchema = z.object({
  /** `refs/cc/worktrees/<job>/result` in the user's repository: a commit holding the final tree. */
  resultRef: z.string(),
  /** The final tree of the checkout (tracked and untracked, not ignored). */
  tree: z.string(),
  /** Commits Claude made on the checkout's branch, oldest first: "<short id> <subject>". */
  commits: z.array(z.string()),
});
export type WorktreeResult = z.infer<typeof worktreeResultSchema>;

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
