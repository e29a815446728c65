/**
 * What a finished `claude -p` run means for the user. Success only when a result with
 * `is_error: false` arrived: the exit code alone lies (SIGINT during an API wait exits 0 with no
 * output). Every failure gets one class and one line that names the fix.
 */

import { resumeCommand } from "./session.ts";
import type { StreamState } from "./stream.ts";
import type { ClaudeOutcome, ErrorClass } from "./types.ts";

export interface RunFacts {
  state: StreamState;
  cwd: string;
  /** Chosen up front (new run) or the resumed id. */
  sessionId: string;
  /** The session exists on disk (or claude reported turns), so it can be resumed. */
  sessionExists: boolean;
  /** A caller asked for structured output. */
  wantsStructured: boolean;
  cancelled: boolean;
  exitCode: number | null;
  signal: string | null;
  /** claude's stderr (tail). */
  stderr: string;
  durationMs: number;
}

const NO_CONVERSATION = /No conversation found with session ID/i;

function lastLine(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const line = lines.at(-1) ?? "";
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/** claude's error text, first line, without its generic advice ("This is a server-side issue…") or a final period. */
function errorDetail(text: string): string {
  let line = (text.split("\n").find((l) => l.trim()) ?? "").trim();
  const advice = line.search(/\s(This is (a server-side issue|usually temporary)|If it persists|Please (run|try))/);
  if (advice > 0) line = line.slice(0, advice);
  line = line.replace(/[.\s]+$/, "");
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

function classify(f: RunFacts): { errorClass: ErrorClass | null; message: string } {
  const r = f.state.result;
  const detail = r ? errorDetail(r.errors[0] ?? r.text) : "";
  if (r && !r.isError) {
    if (f.wantsStructured && !r.hasStructured) {
      return { errorClass: "structured_output_failed", message: "Claude finished without returning the structured answer that was asked for" };
    }
    const fb = f.state.fallback;
    return {
      errorClass: null,
      message: fb ? `Claude finished (switched to ${fb.to ?? "the fallback model"}: ${fb.from ?? "the primary model"} was overloaded)` : "Claude finished",
    };
  }
  if (f.cancelled) return { errorClass: "cancelled", message: "The Claude run was cancelled" };

  const allErrors = [...(r?.errors ?? []), r?.text ?? "", f.stderr].join("\n");
  if (NO_CONVERSATION.test(allErrors)) {
    return {
      errorClass: "resume_not_found",
      message: `Claude has no session ${f.sessionId} for ${f.cwd}: sessions belong to the directory they ran in; start a new run instead`,
    };
  }
  if (!r) {
    const how = f.signal ? `was killed by ${f.signal}` : `exited with code ${f.exitCode ?? "?"}`;
    const why = lastLine(f.stderr);
    return { errorClass: "crashed", message: `claude ${how} without a result${why ? ` (${why})` : ""}; see the job log` };
  }

  const status = r.apiErrorStatus;
  const synthetic = f.state.syntheticError;
  switch (r.subtype) {
    case "error_max_turns":
      return { errorClass: "max_turns", message: `Claude stopped at the turn limit (${detail || "max turns reached"}); resume to let it continue` };
    case "error_max_budget_usd":
      return { errorClass: "budget", message: `Claude stopped at the spending limit (${detail || "budget reached"}); raise the budget or resume` };
    case "error_max_structured_output_retries":
      return {
        errorClass: "structured_output_failed",
        message: `Claude could not produce a valid structured answer (${detail || "retries exhausted"}); try again or use a stronger model`,
      };
  }
  if (/not logged in/i.test(r.text) || (synthetic === "authentication_failed" && status === null && f.state.init?.apiKeySource === "none")) {
    return { errorClass: "not_logged_in", message: "Claude is not logged in: run `claude auth login` (or set ANTHROPIC_API_KEY), then try again" };
  }
  if (status === 401 || status === 403 || synthetic === "authentication_failed") {
    return {
      errorClass: "auth_failed",
      message: `Claude's API refused the credentials (${detail || `HTTP ${status}`}): run \`claude auth login\` or fix ANTHROPIC_API_KEY`,
    };
  }
  if (status === 429 || synthetic === "rate_limit") {
    return { errorClass: "rate_limited", message: `Claude is rate limited (${detail || "HTTP 429"}): wait for the limit to reset, then try again` };
  }
  if (status === 529 || /overloaded/i.test(r.text)) {
    return {
      errorClass: "overloaded",
      message: `Claude's API is overloaded (${detail || "HTTP 529"}): try again shortly, or choose another model with --model`,
    };
  }
  return { errorClass: "api_error", message: `Claude failed: ${detail || r.subtype}` };
}

export function buildOutcome(f: RunFacts): ClaudeOutcome {
  const { errorClass, message } = classify(f);
  const r = f.state.result;
  const resumable = f.sessionExists && errorClass !== "resume_not_found";
  const resume = resumable ? resumeCommand(f.cwd, f.sessionId) : null;
  const model = f.state.fallback?.to ?? f.state.model ?? f.state.resultModels[0] ?? f.state.init?.model ?? null;
  return {
    ok: errorClass === null,
    errorClass,
    message: errorClass !== null && resume ? `${message}. Resume: ${resume}` : message,
    sessionId: f.sessionId,
    cwd: f.cwd,
    resumeCommand: resume,
    text: r?.text ?? "",
    structured: r?.structured,
    hasStructured: r?.hasStructured ?? false,
    costUsd: r?.costUsd ?? null,
    inputTokens: r?.usage?.inputTokens ?? null,
    outputTokens: r?.usage?.outputTokens ?? null,
    turns: r?.turns ?? (f.state.turns || null),
    durationMs: f.durationMs,
    model,
    permissionDenials: r?.permissionDenials ?? [],
    exitCode: f.exitCode,
    signal: f.signal,
  };
}
