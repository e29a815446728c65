/**
 * cc's exit codes. Documented in the README; skills and scripts rely on them, so never renumber.
 */
export const ExitCode = {
  ok: 0,
  /** Something went wrong; the message says what and how to fix it. */
  failure: 1,
  /** The command line was wrong (unknown command, bad flag or value). */
  usage: 2,
  /** Claude ran but the work did not succeed (API error, max turns, crash...). */
  claudeFailed: 3,
  /** The run or job was cancelled. */
  cancelled: 4,
  /** `cc status --wait` gave up before the job ended. */
  timeout: 5,
  /** `--fail-on <severity>`: the review found something at or above that severity. */
  findings: 6,
  /** `cc apply`: the job's changes conflict with the tree's; nothing was changed. */
  conflict: 7,
  /** cc is running inside Codex's sandbox and must be re-run with escalation. */
  sandboxed: 86,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
