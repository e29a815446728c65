/**
 * What a hook answers, and its exact wire form per event (Codex 0.169 validates each event's output
 * against its own schema: a Stop hook's plain text, or an unknown field, makes the hook "Failed").
 * Nothing to say → empty stdout, which every event accepts.
 */
import type { HookEvent } from "./input.ts";

export interface HookOutput {
  /** Developer message for the model (SessionStart, UserPromptSubmit). */
  additionalContext?: string;
  /** One line shown to the user, never sent to the model. */
  systemMessage?: string;
  /** Stop only: keep the turn going with this text as the next user message. */
  block?: { reason: string };
}

export function serializeHookOutput(event: HookEvent | null, out: HookOutput | null): string {
  if (!out || event === null || event === "SessionEnd") return "";
  const wire: Record<string, unknown> = {};
  if (out.systemMessage) wire.systemMessage = out.systemMessage;
  if (event === "Stop") {
    if (out.block?.reason) {
      wire.decision = "block";
      wire.reason = out.block.reason;
    }
  } else if (out.additionalContext) {
    wire.hookSpecificOutput = { hookEventName: event, additionalContext: out.additionalContext };
  }
  return Object.keys(wire).length ? `${JSON.stringify(wire)}\n` : "";
}
