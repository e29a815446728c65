/** The stop gate's prompt: our template (plugin/prompts/stop-gate.md, embedded) filled with the turn's diff and Codex's last message. */

import type { TreeChanges } from "../lib/tree-snapshot.ts";
import { payloadFiles } from "../payload/files.ts";
import { fillTemplate } from "../review/prompt.ts";

/** The diff is inlined up to this; Claude reads the files for anything beyond. */
export const GATE_DIFF_BUDGET = 160 * 1024;
/** Codex's last message is context, not the subject: a bounded excerpt is enough. */
const LAST_MESSAGE_BUDGET = 16 * 1024;

export interface GatePromptInput {
  changes: TreeChanges;
  diff: { text: string; truncated: boolean };
  lastAssistantMessage: string | null;
}

export function buildGatePrompt(input: GatePromptInput): string {
  const files = input.changes.files.map((f) => `- ${f.path} (${f.added === null ? "binary" : `+${f.added} -${f.deleted}`})`);
  const summary = [`Files changed in this turn (${files.length}):`, ...files];
  if (input.changes.headMoved) summary.push("HEAD moved during the turn (a commit, checkout or reset happened).");
  if (input.diff.truncated) summary.push(`The diff below is cut at ${Math.round(GATE_DIFF_BUDGET / 1024)} KiB: read the files for the rest.`);
  const message = (input.lastAssistantMessage ?? "").trim();
  return fillTemplate(payloadFiles["plugin/prompts/stop-gate.md"]!, {
    CHANGE_SUMMARY: summary.join("\n"),
    DIFF: input.diff.text.replaceAll("```", "`\u200b``"),
    LAST_MESSAGE: message ? message.slice(0, LAST_MESSAGE_BUDGET) : "(Codex ended the turn without a final message.)",
  });
}
