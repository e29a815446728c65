import { ExitCode, type ExitCodeValue } from "./exit-codes.ts";
import { describeFsError } from "./fs-errors.ts";

/**
 * An error meant for the user: a one-line message, an optional hint naming the fix,
 * and the exit code cc ends with. Anything else that escapes is a bug and is shown with its stack.
 */
export class CcError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; exitCode?: ExitCodeValue; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CcError";
    this.exitCode = options.exitCode ?? ExitCode.failure;
    this.hint = options.hint;
  }
}

export class UsageError extends CcError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.usage, ...(hint === undefined ? {} : { hint }) });
    this.name = "UsageError";
  }
}

/** Something the user typed, for a message: cut at `max` characters (a 100k-character id is not echoed whole). */
export function shownInput(raw: string, max = 60): string {
  return raw.length <= max ? raw : `${raw.slice(0, max)}… (${raw.length} characters)`;
}

/** Render an error for stderr: `cc: message` plus an indented hint line. */
export function formatError(error: unknown): string {
  if (error instanceof CcError) {
    return error.hint ? `cc: ${error.message}\n  ${error.hint}` : `cc: ${error.message}`;
  }
  // A full disk or a permission problem is the user's to fix, not a bug: one line, no stack.
  const problem = describeFsError(error);
  if (problem) return `cc: ${problem.message}\n  ${problem.hint}`;
  if (error instanceof Error) return `cc: internal error: ${error.stack ?? error.message}`;
  return `cc: internal error: ${String(error)}`;
}
