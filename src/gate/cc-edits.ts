/**
 * The review gate reviews the Codex turn's edits, not cc's: a rescue Claude ran, or an undo of one,
 * during the turn (recorded by SessionStore.recordCcEdit beside the turn's baseline) is left out.
 * Per file: follow the file from the turn's baseline through each cc edit whose "before" holds the
 * file as it stands; if that ends where the file is now, cc made the whole change and the gate
 * leaves the file out. A file Codex also touched (before, between or after cc's edits) stays in,
 * with its whole diff: the gate cannot review half a file.
 */
import { z } from "zod";
import { internalGit } from "../lib/git.ts";
import type { TurnChange } from "./baseline.ts";

const ccEditsSchema = z.object({
  ccEdits: z
    .array(z.object({ before: z.string(), after: z.string(), by: z.string() }))
    .max(200)
    .optional(),
});
type CcEdit = { before: string; after: string; by: string };

function ccEditsOf(baselineJson: string | null): CcEdit[] {
  if (!baselineJson) return [];
  try {
    return ccEditsSchema.safeParse(JSON.parse(baselineJson)).data?.ccEdits ?? [];
  } catch {
    return [];
  }
}

/** path → blob id (or mode+id) of the given paths in a tree; absent paths are missing from the map. */
function blobs(cwd: string, tree: string, paths: string[]): Map<string, string> | null {
  const r = internalGit(cwd, ["ls-tree", "-r", "-z", "--full-tree", tree, "--", ...paths]);
  if (!r.ok) return null;
  const map = new Map<string, string>();
  for (const record of r.out.split("\0")) {
    const tab = record.indexOf("\t");
    if (tab > 0) map.set(record.slice(tab + 1), record.slice(0, tab));
  }
  return map;
}

export interface CodexOwnChange {
  /** The turn's changed files that are Codex's (all of them when cc made no edit this turn). */
  paths: Set<string>;
  /** The cc commands whose edits were left out (`rescue rescue-k7m2qp`, `undo of rescue-k7m2qp`). */
  leftOut: string[];
}

export function codexOwnChanges(cwd: string, baselineJson: string | null, change: TurnChange): CodexOwnChange {
  const all = new Set(change.changes.files.map((f) => f.path));
  const edits = ccEditsOf(baselineJson);
  if (edits.length === 0 || all.size === 0) return { paths: all, leftOut: [] };
  const paths = [...all];
  const start = blobs(cwd, change.before.tree!, paths);
  const end = blobs(cwd, change.after.tree!, paths);
  const steps = edits.map((e) => ({ by: e.by, before: blobs(cwd, e.before, paths), after: blobs(cwd, e.after, paths) }));
  // Anything unreadable: review everything, as without cc's edits.
  if (!start || !end || steps.some((s) => !s.before || !s.after)) return { paths: all, leftOut: [] };
  const own = new Set<string>();
  const used = new Set<string>();
  for (const path of paths) {
    let state = start.get(path);
    const by: string[] = [];
    for (const step of steps) {
      if (step.before!.get(path) !== state) continue;
      const next = step.after!.get(path);
      if (next !== state) by.push(step.by);
      state = next;
    }
    if (state === end.get(path) && by.length > 0) {
      for (const b of by) used.add(b);
    } else own.add(path);
  }
  return { paths: own, leftOut: [...used] };
}

/** The sections of a `git diff` text that belong to `paths` (the rest are cc's own edits). */
export function diffOfPaths(diff: string, paths: Set<string>): string {
  const sections = diff.split(/^(?=diff --git )/m);
  return sections
    .filter((section) => {
      const header = /^diff --git a\/(.*) b\/(.*)$/m.exec(section);
      return !header || paths.has(header[2]!) || paths.has(header[1]!);
    })
    .join("");
}
