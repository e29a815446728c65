/**
 * The gate finisher (src/jobs/finishers.ts): checks Claude's structured verdict once, where Claude
 * ran, and stores it as the job's `extra`. A missing or malformed verdict fails the job — and a
 * failed gate job lets the stop proceed (the gate fails open).
 */
import type { ClaudeOutcome } from "../claude/types.ts";
import type { FinishResult } from "../jobs/finishers.ts";
import type { Job } from "../jobs/types.ts";
import { gateVerdictSchema, type GateExtra } from "./verdict.ts";

export function finishGate(job: Job, outcome: ClaudeOutcome): FinishResult {
  if (!outcome.ok) return { extra: { verdict: null, note: outcome.message } satisfies GateExtra };
  const parsed = gateVerdictSchema.safeParse(outcome.structured);
  if (!outcome.hasStructured || !parsed.success) {
    const problem = outcome.hasStructured ? `Claude's verdict did not match the schema (${parsed.error?.issues[0]?.message ?? "?"})` : "Claude returned no structured verdict";
    return { extra: { verdict: null, note: problem } satisfies GateExtra, failure: { errorClass: "verdict_invalid", message: problem } };
  }
  const verdict = parsed.data;
  return {
    extra: { verdict, note: null } satisfies GateExtra,
    summary: `${job.summary} — ${verdict.decision}${verdict.decision === "block" ? ` (${verdict.reasons.length} reason${verdict.reasons.length === 1 ? "" : "s"})` : ""}`,
  };
}
