/**
 * The words of a Claude run's live status line — `claude · 12s · turn 3 · Read src/x.ts` — as pure
 * functions. Drawing it on a terminal is the command's business (src/commands/_progress.ts).
 */
import type { ClaudeEvent } from "../claude/types.ts";
import { formatElapsed } from "./format.ts";

/** What Claude is doing after `event`; `current` when the event changes nothing visible. */
export function activityAfter(event: ClaudeEvent, current: string): string {
  switch (event.type) {
    case "init":
      return "thinking";
    case "text":
      return "writing";
    case "tool_start":
      return event.tool.description;
    case "tool_finish":
      return "thinking";
    case "retry":
      return `retrying (${event.error ?? event.errorStatus ?? "API error"}, attempt ${event.attempt})`;
    case "model_fallback":
      return `switched to ${event.to ?? "fallback model"}`;
    case "result":
      return event.result.isError ? "failed" : "done";
    default:
      return current;
  }
}

export function progressText(state: { label: string; elapsedMs: number; turns: number; activity: string }): string {
  const turns = state.turns ? ` · turn ${state.turns}` : "";
  return `${state.label} · ${formatElapsed(state.elapsedMs)}${turns} · ${state.activity}`;
}
