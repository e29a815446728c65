/**
 * The working tree's state, from one streamed `git status --porcelain -z`: counts for choosing the
 * review target, the short status lines for the prompt and the untracked paths to inline.
 */
import { CcError } from "../lib/errors.ts";
import { splitter, streamGit } from "./git.ts";

interface StatusEntry {
  /** Two-letter porcelain code: index then worktree (`M `, ` M`, `??`, `UU`…). */
  code: string;
  path: string;
}

export interface WorkingTreeStatus {
  staged: number;
  unstaged: number;
  untracked: number;
  /** The first MAX_STATUS_ENTRIES entries, in git's order; `total` counts them all. */
  entries: StatusEntry[];
  total: number;
  /** Untracked paths (each file individually), up to MAX_STATUS_ENTRIES. */
  untrackedPaths: string[];
}

/** Beyond this many entries a status is only counted: no review prompt could show more anyway. */
const MAX_STATUS_ENTRIES = 20000;

export function isDirty(status: WorkingTreeStatus): boolean {
  return status.staged + status.unstaged + status.untracked > 0;
}

export async function readStatus(repoRoot: string): Promise<WorkingTreeStatus> {
  const status: WorkingTreeStatus = { staged: 0, unstaged: 0, untracked: 0, entries: [], total: 0, untrackedPaths: [] };
  const pieces = splitter(0, (piece) => {
    if (piece.length < 4) return;
    const code = piece.slice(0, 2);
    const path = piece.slice(3);
    status.total++;
    if (code === "??") {
      status.untracked++;
      if (status.untrackedPaths.length < MAX_STATUS_ENTRIES) status.untrackedPaths.push(path);
    } else if (code !== "!!") {
      if (code[0] !== " ") status.staged++;
      if (code[1] !== " ") status.unstaged++;
    }
    if (status.entries.length < MAX_STATUS_ENTRIES) status.entries.push({ code, path });
  });
  const r = await streamGit(repoRoot, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames"], (c) => pieces.push(c));
  pieces.end();
  if (r.exitCode !== 0) throw new CcError(`\`git status\` failed: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
  return status;
}
