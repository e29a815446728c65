/**
 * Codex puts more than the user's typing into user messages: its environment context, the text of
 * every skill a `$plugin:skill` mention expanded, AGENTS.md, subagent notifications. The user's own
 * words are kept verbatim; the injected blocks become one-line notes (Claude reads the same files
 * itself, and a skill's instructions were for Codex, not for Claude).
 */
import type { ThreadEvent } from "./codex-thread.ts";

interface ContentPart {
  type: string;
  text?: string | undefined;
}

const SKILL = /^<skill>\s*<name>([^<]*)<\/name>\s*<path>([^<]*)<\/path>/;

function classify(text: string): ThreadEvent | null {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("<environment_context>")) return null;
  const skill = SKILL.exec(trimmed);
  if (skill) return { kind: "note", text: `[Codex loaded the skill ${skill[1]} (${skill[2]}); its instructions are left out.]` };
  if (trimmed.startsWith("# AGENTS.md instructions") || trimmed.startsWith("<user_instructions>")) {
    return { kind: "note", text: "[Codex had this project's AGENTS.md instructions in context; read AGENTS.md for them.]" };
  }
  if (trimmed.startsWith("<turn_aborted>")) return { kind: "note", text: "[The user interrupted Codex here.]" };
  if (trimmed.startsWith("<subagent_notification>")) return { kind: "note", text: `[Codex subagent update] ${trimmed}` };
  return { kind: "user", text };
}

export function summariseUserMessage(content: ContentPart[]): ThreadEvent[] {
  const events: ThreadEvent[] = [];
  for (const part of content) {
    if (part.type === "input_text" && part.text !== undefined) {
      const event = classify(part.text);
      if (event) events.push(event);
    } else if (part.type === "input_image") {
      events.push({ kind: "note", text: "[The user attached an image here; it is not carried over.]" });
    }
  }
  return events;
}
