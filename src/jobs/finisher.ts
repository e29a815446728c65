/**
 * A kind's finisher: kind-specific work at the end of a run, inside the process that ran it
 * (foreground command or background worker) — rescue lists the files Claude changed, review
 * validates its findings. The engine knows no kind: whoever runs a job hands it the finisher
 * (the kind registry, `src/kinds.ts`). A job run without one stores Claude's outcome as is.
 */
import type { ClaudeOutcome } from "../claude/types.ts";
import type { Job } from "./types.ts";

export interface FinisherResult {
  /** Stored as the job's `kindOutput` (JSON) and handed to the kind's renderer. */
  kindOutput?: unknown;
  /** Replaces the job's one-line summary (e.g. a review's verdict). */
  summary?: string;
  /** Turn a run Claude considered successful into a failed job (e.g. findings that do not parse). */
  failure?: { errorClass: string; message: string };
  /**
   * Turn a run Claude considered failed into a completed job, for failures the kind can live with
   * (a review that did not return structured findings still has Claude's text to show).
   */
  recovered?: boolean;
}

export type Finisher = (job: Job, outcome: ClaudeOutcome) => FinisherResult | Promise<FinisherResult>;

/** Run the finisher; one that throws fails the job with its message, and never loses the outcome. */
export async function applyFinisher(finisher: Finisher | undefined, job: Job, outcome: ClaudeOutcome): Promise<FinisherResult> {
  if (!finisher) return {};
  try {
    return await finisher(job, outcome);
  } catch (error) {
    return { failure: { errorClass: "finish_failed", message: `cc could not finish the ${job.kind} result: ${(error as Error).message ?? String(error)}` } };
  }
}
