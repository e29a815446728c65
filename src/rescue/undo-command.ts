/** `cc rescue --undo <job>`: find the rescue, undo it from its snapshot, say what was put back. */

import { rescueJobInputSchema, rescueJobOutputSchema } from "../contracts/rescue-job.ts";
import { isActive } from "../jobs/types.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";
import { ccHint } from "../lib/invocation.ts";
import { currentWorkspace } from "../lib/workspace.ts";
import { noteCcEdit } from "./finish.ts";
import { type UndoResult, undoSnapshot } from "./undo.ts";

export async function undoCommand(ref: string, json: boolean): Promise<ExitCodeValue> {
  if (!ref.trim()) throw new UsageError("--undo needs the rescue's job id", `${ccHint("status", "--all")} lists them.`);
  const { openReconciledStore, resolveJob } = await import("../jobs/lookup.ts");
  const store = openReconciledStore();
  const job = resolveJob(store, ref, currentWorkspace());
  if (job.kind !== "rescue") throw new UsageError(`${job.id} is a ${job.kind}, not a rescue; only a rescue changes files`);
  if (isActive(job.status))
    throw new CcError(`rescue ${job.id} is still ${job.status}`, { hint: `Cancel it (${ccHint("cancel", job.id)}) or wait for it, then undo.` });
  const meta = rescueJobInputSchema.safeParse(job.kindInput);
  // A worktree rescue changed your tree only through `cc apply`: undo that.
  if (meta.success && meta.data.worktree) return report(job.id, (await import("./apply-undo.ts")).undoApply(store, job), json, "before it was applied");
  const snapshot = meta.success ? meta.data.snapshot : null;
  if (!snapshot) {
    const why =
      meta.success && meta.data.readOnly
        ? "it was read-only and changed nothing"
        : (meta.success && meta.data.snapshotError) || "it has no snapshot (it ran before cc took snapshots)";
    throw new CcError(`rescue ${job.id} cannot be undone: ${why}`);
  }
  const extra = rescueJobOutputSchema.safeParse(job.kindOutput);
  const result = undoSnapshot(job.cwd, snapshot, extra.success ? (extra.data.after ?? null) : null, job.id, extra.success ? extra.data.hidden : undefined);
  const treeAfterRescue = extra.success ? (extra.data.after?.worktree ?? null) : null;
  return report(job.id, result, json, "before it ran", { from: treeAfterRescue, to: snapshot.state.worktree });
}

/** Say how the undo went; `edit` is the tree change a successful undo made (the review gate leaves it out). */
function report(id: string, result: UndoResult, json: boolean, when: string, edit?: { from: string | null; to: string | null }): ExitCodeValue {
  const job = { id };
  if (json) {
    process.stdout.write(`${JSON.stringify({ job: job.id, ...result }, null, 2)}\n`);
    return result.kind === "refused" || result.kind === "incomplete" ? ExitCode.failure : ExitCode.ok;
  }
  if (result.kind === "refused") {
    const details = result.details.length ? `\n${result.details.map((d) => `  ${d}`).join("\n")}` : "";
    throw new CcError(`not undoing rescue ${job.id}: ${result.reason}${details}`, { hint: result.hint });
  }
  if (result.kind === "incomplete") {
    throw new CcError(`undo of rescue ${job.id} is incomplete; still not as before it ran:\n${result.remaining.map((l) => `  ${l}`).join("\n")}`, {
      hint: result.hint,
    });
  }
  if (result.kind === "already") {
    process.stdout.write(`Rescue ${job.id}: the repository is already as it was before the rescue; nothing to undo.\n`);
    return ExitCode.ok;
  }
  // The undo's change to the tree is cc's, not the Codex turn's: the review gate leaves it out.
  if (edit) noteCcEdit(currentWorkspace().codexSession, edit.from, edit.to, `undo of ${job.id}`);
  const lines = result.restored.map((l) => `  ${l}`).join("\n");
  process.stdout.write(`Undid rescue ${job.id}: files, index, HEAD, branches, tags and stash are as they were ${when}.\nPut back:\n${lines}\n`);
  return ExitCode.ok;
}
