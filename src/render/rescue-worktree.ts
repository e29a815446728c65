/** The part of a rescue's result that says where a worktree rescue's work is and what to do next. */

import { rescueJobInputSchema, rescueJobOutputSchema } from "../contracts/rescue-job.ts";
import type { Job } from "../jobs/types.ts";
import { ccCommand, type HintStyle } from "../lib/invocation.ts";

export function worktreeSection(job: Job, style: HintStyle): string | null {
  const input = rescueJobInputSchema.safeParse(job.kindInput);
  const info = input.success ? input.data.worktree : undefined;
  if (!info) return null;
  const output = rescueJobOutputSchema.safeParse(job.kindOutput);
  const changes = output.success ? output.data.changes : null;
  const result = output.success ? output.data.worktree : undefined;
  const lines = [`Worktree: ${info.path} (branch ${info.branch}); your own tree was not touched.`];
  if (!changes || changes.unavailable) lines.push(`Files changed: unknown (${changes?.unavailable ?? "the run ended before cc could look"}).`);
  else if (changes.files.length === 0) lines.push("No files changed (against your tree at launch).");
  else lines.push("Files changed (against your tree at launch):", changes.stat);
  if (info.shared.length) lines.push(`Linked from your tree, read-only: ${info.shared.map((n) => `${n}/`).join(", ")}.`);
  if (info.missing?.length) {
    lines.push(
      `Not in the worktree (ignored in your tree, not shared): ${info.missing.map((n) => `${n}/`).join(", ")}; if the run needed them, list them in "rescueWorktreeShare" in config.json.`,
    );
  }
  if (result?.commits.length) lines.push(`Claude's commits (in the worktree):`, ...result.commits.map((c) => `  ${c}`));
  const changed = !changes || changes.unavailable !== null || changes.files.length > 0;
  if (changed)
    lines.push(
      `Next: ${ccCommand(style, "apply", job.id)} brings it into your tree (${ccCommand(style, "apply", "--check", job.id)} previews), or ${ccCommand(style, "discard", job.id)} drops it.`,
    );
  else lines.push(`Nothing to apply: ${ccCommand(style, "discard", job.id)} removes the worktree.`);
  return `${lines.join("\n")}\n`;
}

/** Under the launch text of a background worktree rescue: where it works, and that nothing arrives by itself. */
export function worktreeLaunchNote(job: Job, style: HintStyle): string | null {
  const info = rescueJobInputSchema.safeParse(job.kindInput).data?.worktree;
  if (!info) return null;
  return `Works in its own worktree (${info.path}); your tree is not touched until ${ccCommand(style, "apply", job.id)}.\n`;
}

export interface HeldWorktree {
  id: string;
  status: Job["status"];
  /** held: not applied or discarded yet; applied: its changes are in the tree, the checkout is still there. */
  state: "held" | "applied";
  bytes: number;
}

const size = (bytes: number) => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** Lines under `cc status`: which jobs hold a worktree, how big, and what to do with it. */
export function renderHeldWorktrees(held: HeldWorktree[], style: HintStyle): string {
  if (held.length === 0) return "";
  const lines = held.map((w) => {
    if (w.status === "queued" || w.status === "running") return `  ${w.id}: ${w.status}, ${size(w.bytes)}`;
    const next =
      w.state === "held"
        ? `waiting to be applied: ${ccCommand(style, "apply", w.id)} or ${ccCommand(style, "discard", w.id)}`
        : `applied; ${ccCommand(style, "discard", w.id)} frees it`;
    return `  ${w.id}: ${size(w.bytes)}, ${next}`;
  });
  return `Worktrees:\n${lines.join("\n")}\n`;
}
