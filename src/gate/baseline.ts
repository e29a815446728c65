/**
 * The review gate's view of one turn: a snapshot of the working tree when the user's prompt
 * arrives (a git tree written through a private index, so the user's index is never touched) and
 * the change from it to the tree at Stop. No net change → no review.
 */
import { z } from "zod";
import { spawnReadOnlyGit } from "../lib/git.ts";
import { diffSnapshots, type TreeChanges, type TreeSnapshot, takeSnapshot } from "../lib/tree-snapshot.ts";

const snapshotSchema = z.object({ tree: z.string().nullable(), head: z.string().nullable(), reason: z.string().nullable() });

export function takeBaseline(cwd: string): string {
  return JSON.stringify(takeSnapshot(cwd));
}

export function readBaseline(json: string | null): TreeSnapshot | null {
  if (json === null) return null;
  try {
    const parsed = snapshotSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface TurnChange {
  before: TreeSnapshot;
  after: TreeSnapshot;
  changes: TreeChanges;
}

/** What the turn changed, or why that cannot be known. */
export function turnChange(cwd: string, before: TreeSnapshot): TurnChange | { unavailable: string } {
  if (!before.tree) return { unavailable: before.reason ?? "no snapshot of the working tree was taken at the start of the turn" };
  const after = takeSnapshot(cwd);
  if (!after.tree) return { unavailable: after.reason ?? "the working tree could not be read" };
  const changes = diffSnapshots(cwd, before, after);
  if (changes.unavailable) return { unavailable: changes.unavailable };
  return { before, after, changes };
}

/**
 * `git diff` between the two snapshots, cut at `maxBytes` (Claude can read the files for the rest),
 * through cc's hardened git: no textconv, filter or external diff of the repository's runs here.
 */
export async function turnDiffText(cwd: string, change: TurnChange, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  const child = spawnReadOnlyGit(cwd, ["diff", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", change.before.tree!, change.after.tree!]);
  void child.stderr.pipeTo(new WritableStream()).catch(() => {}); // drained, so a chatty git never blocks
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of child.stdout) {
    chunks.push(chunk);
    size += chunk.byteLength;
    if (size > maxBytes) {
      truncated = true;
      child.kill();
      break;
    }
  }
  await child.exited;
  const text = Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8");
  return { text, truncated };
}
