/**
 * The contract of cc's Claude runner (src/claude/run.ts): what callers (review, rescue, the job
 * worker) hand in and get back. Everything about `claude -p` itself stays inside src/claude/.
 */

import type { SandboxRequest } from "./sandbox.ts";

export const PROFILE_NAMES = ["read-only", "read-only-web", "write"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];
export const EFFORTS = ["low", "medium", "high", "xhigh", "max"] as const;
export type Effort = (typeof EFFORTS)[number];

/** Environment variable every process of one run carries; cancellation sweeps by it. */
export const RUN_MARKER_ENV = "CC_RUN_MARKER";

export interface ClaudeRunRequest {
  /** Sent on stdin, never on argv. */
  prompt: string;
  /** Claude scopes sessions by cwd: a resume must use the cwd of the original run. */
  cwd: string;
  profile: ProfileName;
  model?: string;
  effort?: Effort;
  /** JSON schema for structured output (`--json-schema`). */
  jsonSchema?: object;
  /** Continue this Claude session (`--resume`); otherwise a new session with an id chosen up front. */
  resumeSessionId?: string;
  /** Extra environment for claude (tests point it at a mock here). */
  env?: Record<string, string>;
  /** Every parsed event, with the model turns seen so far. The runner draws nothing: callers do. */
  onEvent?: (event: ClaudeEvent, turns: number) => void;
  /** Where claude's raw stdout/stderr are appended (the job log). */
  logPath?: string;
  /** When true, `env` is claude's whole environment (plus cc's own variables) instead of being added to cc's. */
  replaceEnv?: boolean;
  /** Model to switch to when the primary one is overloaded (`--fallback-model`). */
  fallbackModel?: string;
  /** Stop after this many turns (`--max-turns`); the outcome is then `max_turns`. */
  maxTurns?: number;
  /** Stop once the run has cost this much (`--max-budget-usd`); the outcome is then `budget`. */
  maxBudgetUsd?: number;
  /** Absolute path of claude; found with findClaude() (config, CC_CLAUDE_BIN, PATH, usual places) otherwise. */
  claudePath?: string;
  /** Run inside Claude Code's OS sandbox (src/claude/sandbox.ts); the run fails rather than go unsandboxed. */
  sandbox?: SandboxRequest;
  /**
   * Keep claude's input open for more user messages (`--input-format stream-json`): the prompt is
   * the first, `ClaudeRun.send` adds more, and claude exits once `ClaudeRun.endInput` was called and
   * its last turn ended. Each turn ends with its own `result` event.
   */
  conversation?: boolean;
}

export interface ToolRef {
  id: string;
  name: string;
  /** Short, human: `Read src/x.ts`, `Bash: git diff --stat`. */
  description: string;
}

export type ClaudeEvent =
  | { type: "init"; sessionId: string; model: string; tools: string[]; apiKeySource: string | null; cwd: string | null }
  | { type: "text"; text: string }
  | { type: "tool_start"; tool: ToolRef }
  | { type: "tool_finish"; tool: ToolRef; isError: boolean }
  | { type: "retry"; attempt: number; maxRetries: number | null; delayMs: number | null; errorStatus: number | null; error: string | null }
  | { type: "model_fallback"; from: string | null; to: string | null; message: string | null }
  | { type: "result"; result: ClaudeResultEvent }
  /** A conversation's user message, echoed when claude takes it (the first one is the prompt). */
  | { type: "user_message"; text: string };

export interface ClaudeResultEvent {
  subtype: string;
  isError: boolean;
  text: string;
  structured: unknown;
  hasStructured: boolean;
  costUsd: number | null;
  usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number } | null;
  turns: number | null;
  durationMs: number | null;
  permissionDenials: { toolName: string; input: unknown }[];
  apiErrorStatus: number | null;
  errors: string[];
  terminalReason: string | null;
}

export type ErrorClass =
  | "not_installed"
  | "not_logged_in"
  | "auth_failed"
  | "rate_limited"
  | "overloaded"
  | "api_error"
  | "max_turns"
  | "budget"
  | "structured_output_failed"
  | "resume_not_found"
  | "cancelled"
  | "crashed"
  | "sandbox_unavailable";

export interface ClaudeOutcome {
  ok: boolean;
  /** Set when ok is false. */
  errorClass: ErrorClass | null;
  /** One line for the user: what happened (and, on failure, what to do). */
  message: string;
  /** Known from the start for new runs; kept even when the run failed. */
  sessionId: string | null;
  cwd: string;
  /** `cd '<cwd>' && claude --resume <id>` whenever a session exists. */
  resumeCommand: string | null;
  /** Claude's final text (the result event), "" when there is none. */
  text: string;
  structured: unknown;
  hasStructured: boolean;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  turns: number | null;
  durationMs: number;
  model: string | null;
  permissionDenials: { toolName: string; input: unknown }[];
  exitCode: number | null;
  signal: string | null;
}

export interface ClaudeRun {
  /** claude's pid (leader of its own process group). */
  pid: number;
  /** Value of CC_RUN_MARKER in every process of this run. */
  runMarker: string;
  /** The session id: chosen up front for new runs, the resumed id otherwise. */
  sessionId: string;
  outcome: Promise<ClaudeOutcome>;
  /** SIGINT → 2 s → SIGTERM → 3 s → SIGKILL → sweep leftovers by marker. Resolves when all are gone. */
  cancel(): Promise<void>;
  /**
   * A conversation's next user message; false when claude's input is already closed (or not a
   * conversation). `interrupt`: abort the turn in progress first (a stream-json interrupt request).
   */
  send(text: string, opts?: { interrupt?: boolean }): boolean;
  /** No more messages: claude ends after the turn it is on. */
  endInput(): void;
}
