/**
 * Codex turns → lines of a Claude Code session transcript, in the shape claude 2.1.197 writes
 * itself (studied from the files it writes): one JSON object a line, `type` user|assistant, chained
 * by `parentUuid`, each with `uuid`, `timestamp`, `sessionId` and `cwd`, the API message in
 * `message`.
 *
 * Codex's shell commands become real `Bash` tool_use/tool_result pairs, so Claude sees them as the
 * commands they were; every other Codex tool (write_stdin polls, apply_patch, subagents, MCP) is
 * text in the assistant turn, since a tool_use for a tool Claude does not have would be a lie the
 * API may refuse. Each tool_use gets its tool_result right after it, as the API requires.
 */
import { randomUUID } from "node:crypto";
import type { ThreadEvent, ThreadTurn } from "./codex-thread.ts";
import { shorten } from "./truncate.ts";

export interface EntryContext {
  sessionId: string;
  cwd: string;
  /** The uuid of the last line already in the session (appending), or null for a new session. */
  parentUuid: string | null;
  /** Shown to Claude (and the user) in front of the first transferred message. */
  header: string;
  /** Where the untruncated text lives, for the truncation notes. */
  source: string;
}

export interface Entries {
  lines: string[];
  leafUuid: string | null;
  truncated: number;
}

type Block =
  | { type: "text"; text: string }
  | { type: "tool_use"; id: string; name: "Bash"; input: { command: string; description: string } }
  | { type: "tool_result"; tool_use_id: string; content: string; is_error: boolean };

/** Claude's transcript lines carry the model; these replies were Codex's, and say so. */
const CODEX_MODEL = "codex";

function toolText(event: Extract<ThreadEvent, { kind: "tool" }>, source: string): { text: string; truncated: number } {
  const input = shorten(event.input, source);
  const output = event.output === null ? null : shorten(event.output, source);
  const lines = [`[Codex called its ${event.name} tool]`, input.text.trim() ? `Input:\n${input.text}` : ""];
  lines.push(output === null ? "(no output was recorded)" : `Output:\n${output.text}`);
  return { text: lines.filter(Boolean).join("\n"), truncated: Number(input.truncated) + Number(output?.truncated ?? false) };
}

export function buildEntries(turns: ThreadTurn[], ctx: EntryContext): Entries {
  const lines: string[] = [];
  let parent = ctx.parentUuid;
  let truncated = 0;
  let pendingUser: Block[] = [{ type: "text", text: ctx.header }];
  let pendingStamp = turns[0]?.timestamp ?? new Date().toISOString();

  const write = (role: "user" | "assistant", content: Block[], timestamp: string, extra: Record<string, unknown> = {}) => {
    const uuid = randomUUID();
    const message =
      role === "user"
        ? { role, content }
        : {
            id: `msg_cc_${uuid.replaceAll("-", "")}`,
            type: "message",
            role,
            model: CODEX_MODEL,
            content,
            stop_reason: content.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn",
            stop_sequence: null,
            usage: { input_tokens: 0, output_tokens: 0 },
          };
    const entry = {
      parentUuid: parent,
      isSidechain: false,
      type: role,
      message,
      uuid,
      timestamp: normalStamp(timestamp),
      userType: "external",
      cwd: ctx.cwd,
      sessionId: ctx.sessionId,
      ...extra,
    };
    lines.push(JSON.stringify(entry));
    parent = uuid;
    return uuid;
  };
  const flushUser = () => {
    if (pendingUser.length) write("user", pendingUser, pendingStamp);
    pendingUser = [];
  };

  for (const turn of turns) {
    for (const { event, timestamp } of turn.events) {
      if (event.kind === "user" || event.kind === "note") {
        if (!pendingUser.length) pendingStamp = timestamp;
        pendingUser.push({ type: "text", text: event.text });
        continue;
      }
      flushUser();
      if (event.kind === "assistant") {
        write("assistant", [{ type: "text", text: event.text }], timestamp);
      } else if (event.kind === "tool") {
        const t = toolText(event, ctx.source);
        truncated += t.truncated;
        write("assistant", [{ type: "text", text: t.text }], timestamp);
      } else {
        const id = `toolu_cc_${randomUUID().replaceAll("-", "").slice(0, 24)}`;
        const description = event.workdir ? `Run in ${event.workdir} (by Codex)` : "Run by Codex";
        const toolUse = write("assistant", [{ type: "tool_use", id, name: "Bash", input: { command: event.command, description } }], timestamp);
        const out = event.output;
        const shown = out === null ? { text: "(Codex recorded no output for this command)", truncated: false } : shorten(out.text, ctx.source);
        truncated += Number(shown.truncated);
        const failed = out !== null && out.exitCode !== null && out.exitCode !== 0;
        const running =
          out !== null && out.exitCode === null
            ? "\n[The command was still running when Codex read this; any later output is in Codex's write_stdin calls.]"
            : "";
        const content = `${failed ? `Exit code ${out!.exitCode}\n` : ""}${shown.text}${running}`;
        write("user", [{ type: "tool_result", tool_use_id: id, content, is_error: failed }], timestamp, {
          toolUseResult: { stdout: shown.text, stderr: "", interrupted: false, isImage: false, noOutputExpected: false },
          sourceToolAssistantUUID: toolUse,
        });
      }
    }
  }
  flushUser();
  return { lines, leafUuid: parent, truncated };
}

/** Codex stamps are ISO already; anything unreadable becomes now, so Claude's sorting never breaks. */
function normalStamp(timestamp: string): string {
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? new Date().toISOString() : new Date(ms).toISOString();
}
