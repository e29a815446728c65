/**
 * Kind-specific work at the end of a run, inside the process that ran it (foreground command or
 * background worker): rescue lists the files Claude changed, review validates its findings …
 *
 * To add one, write `src/<domain>/finish.ts` exporting `finish` and list it below with a literal
 * import (the compiled binary only contains modules imported by a literal path). A kind without an
 * entry stores Claude's outcome as is.
 */
import type { ClaudeOutcome } from "../claude/types.ts";
import type { Job, JobKind } from "./types.ts";

export interface FinishResult {
  /** Stored as the job's `extra` (JSON) and handed to the kind's renderer. */
  extra?: unknown;
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

export type Finisher = (job: Job, outcome: ClaudeOutcome) => FinishResult | Promise<FinishResult>;

const FINISHERS: Partial<Record<JobKind, () => Promise<{ finish: Finisher }>>> = {
  review: () => import("../review/finish.ts"),
  "adversarial-review": () => import("../review/finish.ts"),
  rescue: () => import("../rescue/finish.ts"),
  gate: () => import("../gate/finish.ts").then((m) => ({ finish: m.finishGate })),
};

/** Run the kind's finisher; a finisher that throws fails the job with its message, never loses the outcome. */
export async function finishJob(job: Job, outcome: ClaudeOutcome): Promise<FinishResult> {
  const load = FINISHERS[job.kind];
  if (!load) return {};
  try {
    const { finish } = await load();
    return await finish(job, outcome);
  } catch (error) {
    return { failure: { errorClass: "finish_failed", message: `cc could not finish the ${job.kind} result: ${(error as Error).message ?? String(error)}` } };
  }
}
