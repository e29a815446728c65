/** What a transfer did, for the renderer and for `--json`. */

export interface ToClaudeOutcome {
  direction: "to-claude";
  /** created: a new Claude session; appended: new turns added to the earlier one; unchanged: nothing new. */
  result: "created" | "appended" | "unchanged";
  /** Set when cc had to start a new session instead of appending, and why. */
  restarted: { reason: "changed-in-claude" | "missing" | "unreadable-record"; previousSession: string | null } | null;
  /** With "unchanged": the session was continued in Claude since the last transfer (cc left it alone). */
  continuedInClaude: boolean;
  threadId: string;
  cwd: string;
  claudeSession: string;
  transcript: string;
  turnsAdded: number;
  turnsTotal: number;
  /** Tool outputs and arguments cut to their head and tail. */
  shortened: number;
  /** True when the thread's last turn was still running (usually the one running `cc transfer`). */
  runningTurnLeftOut: boolean;
  /** Rollout items not carried over, by kind. */
  leftOut: Record<string, number>;
  resumeCommand: string;
}

export interface ToCodexOutcome {
  direction: "to-codex";
  /** imported: a new Codex thread; appended: Codex added the new turns to the thread it made before; unchanged: nothing new. */
  result: "imported" | "appended" | "unchanged";
  claudeSession: string;
  transcript: string;
  cwd: string | null;
  codexThread: string;
  turnsAdded: number;
  turnsTotal: number;
  /** Set when Codex had imported this exact session before cc kept a record of it (e.g. from the Codex app). */
  importedElsewhere: boolean;
  resumeCommand: string;
}

export type TransferOutcome = ToClaudeOutcome | ToCodexOutcome;

/** A Claude session handed to Codex's importer (src/codex/session-import.ts; wired by the command). */
interface SessionToImport {
  path: string;
  cwd: string;
  title: string | null;
}

/**
 * imported: Codex made or extended `thread`. skipped: Codex reported nothing; its ledger says which
 * thread holds the session and the hash of the content it last took (null when it has no record).
 */
type ImportResult = { kind: "imported"; thread: string } | { kind: "skipped"; ledger: { thread: string; sha256: string | null } | null };

export type SessionImporter = (session: SessionToImport) => Promise<ImportResult>;
