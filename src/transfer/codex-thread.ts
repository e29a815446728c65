/** A Codex thread as cc carries it: turns of user text, Codex's replies and its tool calls. */

interface ShellOutput {
  text: string;
  /** null while the command was still running when Codex read it (it polled later). */
  exitCode: number | null;
}

export type ThreadEvent =
  /** What the user typed, verbatim. */
  | { kind: "user"; text: string }
  /** Codex's reply text, verbatim. */
  | { kind: "assistant"; text: string }
  /** Something Codex injected or did that is summarised in one line (a skill, AGENTS.md, an image, an interrupt). */
  | { kind: "note"; text: string }
  /** A shell command Codex ran (exec_command and its predecessors), with its output once it exists. */
  | { kind: "shell"; callId: string; command: string; workdir: string | null; output: ShellOutput | null }
  /** Any other tool call (write_stdin, apply_patch, spawn_agent, MCP tools...), shown as text. */
  | { kind: "tool"; callId: string; name: string; input: string; output: string | null };

export interface ThreadTurn {
  /** Codex's turn id, or `line-<n>` for rollouts without turn markers. */
  id: string;
  /** False for the turn still running (typically the one that is running `cc transfer`). */
  complete: boolean;
  timestamp: string;
  events: { event: ThreadEvent; timestamp: string }[];
}

export interface CodexThread {
  id: string;
  cwd: string;
  rolloutPath: string;
  turns: ThreadTurn[];
  /** Items cc does not carry over, by kind (reasoning, unknown item types...), for the report. */
  leftOut: Record<string, number>;
}

export const completeTurns = (thread: CodexThread) => thread.turns.filter((t) => t.complete);
