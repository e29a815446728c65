/** Text for `cc transfer`: what happened in one plain sentence, the command to continue, then notes. */
import type { ToClaudeOutcome, ToCodexOutcome, TransferOutcome } from "../contracts/transfer.ts";

const turns = (n: number) => `${n} turn${n === 1 ? "" : "s"}`;

function restartLine(o: ToClaudeOutcome): string | null {
  const r = o.restarted;
  if (!r) return null;
  if (r.reason === "changed-in-claude") {
    return `Claude Code session ${r.previousSession} was continued in Claude since the last transfer, so cc left it as it is and started a new session with the whole thread.`;
  }
  if (r.reason === "missing")
    return `Claude Code session ${r.previousSession} from the last transfer is gone, so cc started a new session with the whole thread.`;
  return "cc's record of the last transfer of this thread was unreadable, so cc started a new session with the whole thread.";
}

function leftOutLine(leftOut: Record<string, number>): string | null {
  const parts = Object.entries(leftOut).map(([what, n]) => `${n} × ${what}`);
  return parts.length ? `Not carried over: ${parts.join(", ")}.` : null;
}

function toClaude(o: ToClaudeOutcome): string {
  const lines: string[] = [];
  if (o.result === "unchanged") {
    lines.push(
      `Nothing new since the last transfer: Claude Code session ${o.claudeSession} already holds every finished turn of Codex thread ${o.threadId} (${turns(o.turnsTotal)}).`,
    );
    if (o.continuedInClaude) lines.push("That session has been continued in Claude since; cc left it as it is.");
  } else if (o.result === "appended") {
    lines.push(`Added ${turns(o.turnsAdded)} from Codex thread ${o.threadId} to Claude Code session ${o.claudeSession} (${turns(o.turnsTotal)} in it now).`);
  } else {
    const restart = restartLine(o);
    if (restart) lines.push(restart);
    lines.push(`Transferred Codex thread ${o.threadId} to a new Claude Code session ${o.claudeSession}: added ${turns(o.turnsAdded)}.`);
  }
  lines.push("", "Continue it in Claude Code:", `  ${o.resumeCommand}`, "");
  const notes: string[] = [];
  if (o.runningTurnLeftOut)
    notes.push("The turn still running in Codex (usually the one that ran this transfer) is not included; transfer again later to add it.");
  if (o.shortened)
    notes.push(
      `${o.shortened} long tool output${o.shortened === 1 ? " was" : "s were"} shortened to the beginning and end (the full text stays in Codex's rollout file).`,
    );
  const leftOut = leftOutLine(o.leftOut);
  if (leftOut) notes.push(leftOut);
  if (notes.length) lines.push(...notes, "");
  return lines.join("\n");
}

function toCodex(o: ToCodexOutcome): string {
  const lines: string[] = [];
  if (o.result === "unchanged") {
    lines.push(
      o.importedElsewhere
        ? `Nothing new: Codex had already imported Claude Code session ${o.claudeSession} as it is now (thread ${o.codexThread}).`
        : `Nothing new since the last transfer: Codex thread ${o.codexThread} already has Claude Code session ${o.claudeSession} as it is now.`,
    );
  } else if (o.result === "appended") {
    lines.push(`Added ${turns(o.turnsAdded)} from Claude Code session ${o.claudeSession} to Codex thread ${o.codexThread}.`);
  } else {
    lines.push(`Imported Claude Code session ${o.claudeSession} into Codex as thread ${o.codexThread} (${turns(o.turnsTotal)}).`);
  }
  lines.push("", "Continue it in Codex:", `  ${o.resumeCommand}`, "");
  return lines.join("\n");
}

export function renderTransfer(outcome: TransferOutcome): string {
  return outcome.direction === "to-claude" ? toClaude(outcome) : toCodex(outcome);
}
