/** A finished rescue: Claude's final message, the files it changed, then cost, session and resume. */

import { type RescueJobOutput, rescueJobInputSchema, rescueJobOutputSchema } from "../contracts/rescue-job.ts";
import { endedWell, type Job } from "../jobs/types.ts";
import { ccCommand, type HintStyle } from "../lib/invocation.ts";
import { worktreeSection } from "./rescue-worktree.ts";
import { renderGenericResult, resultFooter } from "./result.ts";

export function changesOf(job: Job): RescueJobOutput["changes"] | null {
  const output = rescueJobOutputSchema.safeParse(job.kindOutput);
  return output.success ? output.data.changes : null;
}

/**
 * Whether `cc rescue --undo` can work: a snapshot was taken, and the rescue left a working tree git
 * could record (else undo cannot tell the user's later edits from the rescue's, and refuses). null: no snapshot.
 */
function undoState(job: Job): { ok: true } | { ok: false; why: string; snapshot: string } | null {
  const snapshot = rescueJobInputSchema.safeParse(job.kindInput).data?.snapshot;
  if (!snapshot) return null;
  const after = rescueJobOutputSchema.safeParse(job.kindOutput).data?.after;
  if (after && after.worktree === null) return { ok: false, why: after.reason?.split("\n")[0] ?? "git failed", snapshot: snapshot.id };
  return { ok: true };
}

/** Refs that moved (HEAD, branches, tags, stash) and how to undo it all: from the snapshot. */
function undoSection(job: Job, changes: RescueJobOutput["changes"], style: HintStyle): string {
  const output = rescueJobOutputSchema.safeParse(job.kindOutput);
  const meta = rescueJobInputSchema.safeParse(job.kindInput);
  const moved = output.success ? (output.data.moved ?? []) : [];
  const lines = moved.length ? `Moved:\n${moved.map((m) => `  ${m}`).join("\n")}\n` : "";
  // Nothing to undo when the run changed no file and moved no ref.
  const changedSomething = changes.unavailable !== null || changes.files.length > 0 || changes.headMoved || moved.length > 0;
  const undoable = changedSomething ? undoState(job) : null;
  const undo =
    undoable === null
      ? ""
      : undoable.ok
        ? `Undo: ${ccCommand(style, "rescue", "--undo", job.id)}
`
        : `Undo: not available, cc could not record the working tree the rescue left (${undoable.why}); its snapshot is under refs/cc/snapshots/${undoable.snapshot}/.
`;
  const bare = meta.success && meta.data.sandboxed === false && !meta.data.readOnly ? "Ran without a sandbox (--no-sandbox).\n" : "";
  return lines + bare + undo;
}

function changesSection(job: Job, style: HintStyle): string {
  const isolated = worktreeSection(job, style);
  if (isolated !== null) return isolated;
  const changes = changesOf(job);
  if (!changes) return "";
  return changesList(changes) + undoSection(job, changes, style);
}

function changesList(changes: RescueJobOutput["changes"]): string {
  if (changes.unavailable) return `Files changed: unknown (${changes.unavailable}).\n`;
  const moved = changes.headMoved ? "\nNote: HEAD moved during the run (a commit, checkout or reset happened).\n" : "";
  if (changes.files.length === 0) return `No files changed.${moved}\n`;
  return `Files changed:\n${changes.stat}\n${moved}`;
}

/**
 * The one resume hint, worked out when it is shown and naming rescues by id: what a bare `--resume`
 * continues changes as rescues are added, an id does not. A rescue that started a fresh Claude
 * session although an earlier one could have been continued names that one too.
 */
function resumeLine(job: Job, style: HintStyle): string {
  if (!job.claudeSession) return "";
  const input = rescueJobInputSchema.safeParse(job.kindInput);
  const earlier = input.success ? input.data.continuable : null;
  const instead =
    earlier && earlier !== job.id
      ? ` (a fresh Claude session; \`${ccCommand(style, "rescue", "--resume", earlier)}\` continues the earlier ${earlier} instead)`
      : "";
  return `To continue it: \`${ccCommand(style, "rescue", "--resume", job.id)}\`${instead}\n`;
}

export function renderRescueResult(job: Job, style: HintStyle): string {
  const footer = `${resultFooter(job, { resume: false })}${resumeLine(job, style)}`;
  if (!endedWell(job.status)) {
    // A failed or cancelled rescue may still have edited files: say which, before the footer.
    const base = renderGenericResult(job, { resume: false });
    const changes = changesSection(job, style);
    return base.replace(resultFooter(job, { resume: false }), `${changes ? `${changes}\n` : ""}${footer}`);
  }
  const text = job.resultText?.trim() ? job.resultText.trimEnd() : "(Claude finished without a final message.)";
  return `${text}\n\n${changesSection(job, style)}\n${footer}`;
}

/** `--json`: the facts a script needs, validated shapes only. */
export function rescueJson(job: Job) {
  const changes = changesOf(job);
  return {
    job: job.id,
    status: job.status,
    text: job.resultText ?? "",
    changedFiles: changes?.files ?? [],
    diffStat: changes?.stat ?? "",
    changesUnavailable: changes?.unavailable ?? null,
    moved: rescueJobOutputSchema.safeParse(job.kindOutput).data?.moved ?? [],
    undoCommand: undoState(job)?.ok && !rescueJobInputSchema.safeParse(job.kindInput).data?.worktree ? `cc rescue --undo ${job.id}` : null,
    worktree: rescueJobInputSchema.safeParse(job.kindInput).data?.worktree?.path ?? null,
    commits: rescueJobOutputSchema.safeParse(job.kindOutput).data?.worktree?.commits ?? [],
    applyCommand: rescueJobInputSchema.safeParse(job.kindInput).data?.worktree ? `cc apply ${job.id}` : null,
    costUsd: job.costUsd,
    turns: job.turns,
    claudeSession: job.claudeSession,
    resumeCommand: job.resumeCommand,
    error: endedWell(job.status) ? null : { class: job.errorClass, message: job.errorMessage },
  };
}
