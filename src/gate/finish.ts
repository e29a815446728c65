/**
 * The gate finisher (src/jobs/finishers.ts): checks Claude's structured verdict once, where Claude
 * ran, and stores it as the job's `kindOutput`. A missing or malformed verdict fails the job — and a
 * failed gate job lets the stop proceed (the gate fails open).
 */
import type { ClaudeOutcome } from "../claude/types.ts";
import { type GateJobOutput, gateVerdictSchema } from "../contracts/gate-verdict.ts";
import type { FinisherResult } from "../jobs/finisher.ts";
import type { Job } from "../jobs/types.ts";

export function finishGate(job: Job, outcome: ClaudeOutcome): FinisherResult {
  if (!outcome.ok) return { kindOutput: { verdict: null, note: outcome.message } satisfies GateJobOutput };
  const parsed = gateVerdictSchema.safeParse(outcome.structured);
  if (!outcome.hasStructured || !parsed.success) {
    const problem = outcome.hasStructured
      ? `Claude's verdict did not match the schema (${parsed.error?.issues[0]?.message ?? "?"})`
      : "Claude returned no structured verdict";
    return { kindOutput: { verdict: null, note: problem } satisfies GateJobOutput, failure: { errorClass: "verdict_invalid", message: problem } };
  }
  const verdict = parsed.data;
  return {
    kindOutput: { verdict, note: null } satisfies GateJobOutput,
    summary: `${job.summary} — ${verdict.decision}${verdict.decision === "block" ? ` (${verdict.reasons.length} reason${verdict.reasons.length === 1 ? "" : "s"})` : ""}`,
  };
}
