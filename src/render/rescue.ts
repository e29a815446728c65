/** A finished rescue: Claude's final message, the files it changed, then cost, session and resume. */
import type { Job } from "../jobs/types.ts";
import { ccCommand, type HintStyle } from "../lib/invocation.ts";
import { rescueJobInputSchema, rescueJobOutputSchema, type RescueJobOutput } from "../contracts/rescue-job.ts";
import { renderGenericResult, resultFooter } from "./result.ts";

export function changesOf(job: Job): RescueJobOutput["changes"] | null {
  const output = rescueJobOutputSchema.safeParse(job.kindOutput);
  return output.success ? output.data.changes : null;
}

/** Refs that moved (HEAD, branches, tags, stash) and how to undo it all: from the snapshot. */
function undoSection(job: Job, style: HintStyle): string {
  const output = rescueJobOutputSchema.safeParse(job.kindOutput);
  const meta = rescueJobInputSchema.safeParse(job.kindInput);
  const moved = output.success ? (output.data.moved ?? []) : [];
  const lines = moved.length ? `Moved:\n${moved.map((m) => `  ${m}`).join("\n")}\n` : "";
  const undo = meta.success && meta.data.snapshot ? `Undo: ${ccCommand(style, "rescue", "--undo", job.id)}\n` : "";
  const bare = meta.success && meta.data.sandboxed === false && !meta.data.readOnly ? "Ran without a sandbox (--no-sandbox).\n" : "";
  return lines + bare + undo;
}

function changesSection(job: Job, style: HintStyle): string {
  const changes = changesOf(job);
  if (!changes) return "";
  return changesList(changes) + undoSection(job, style);
}

function changesList(changes: RescueJobOutput["changes"]): string {
  if (changes.unavailable) return `Files changed: unknown (${changes.unavailable}).\n`;
  const moved = changes.headMoved ? "\nNote: HEAD moved during the run (a commit, checkout or reset happened).\n" : "";
  if (changes.files.length === 0) return `No files changed.${moved}\n`;
  return `Files changed:\n${changes.stat}\n${moved}`;
}

/** The footer line of a rescue that started fresh although one of the session could have been continued. */
function freshSessionLine(job: Job, style: HintStyle): string {
  const input = rescueJobInputSchema.safeParse(job.kindInput);
  const earlier = input.success ? input.data.continuable : null;
  return earlier ? `This was a fresh Claude session; \`${ccCommand(style, "rescue", "--resume")}\` continues rescue ${earlier} instead (--fresh leaves this line out).\n` : "";
}

export function renderRescueResult(job: Job, style: HintStyle): string {
  const footer = `${resultFooter(job)}${freshSessionLine(job, style)}`;
  if (job.status !== "completed") {
    const base = renderGenericResult(job);
    // A failed or cancelled rescue may still have edited files: say which, before the footer.
    const changes = changesSection(job, style);
    const resume = job.claudeSession ? `To continue it: ${ccCommand(style, "rescue", "--resume", job.id)}\n` : "";
    return base.replace(resultFooter(job), `${changes ? `${changes}\n` : ""}${resume ? `${resume}\n` : ""}${footer}`);
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
    undoCommand: rescueJobInputSchema.safeParse(job.kindInput).data?.snapshot ? `cc rescue --undo ${job.id}` : null,
    costUsd: job.costUsd,
    turns: job.turns,
    claudeSession: job.claudeSession,
    resumeCommand: job.resumeCommand,
    error: job.status === "completed" ? null : { class: job.errorClass, message: job.errorMessage },
  };
}
