/** At the end of a rescue (foreground or in the worker): list the files Claude changed. */
import type { ClaudeOutcome } from "../claude/types.ts";
import type { FinisherResult } from "../jobs/finisher.ts";
import type { Job } from "../jobs/types.ts";
import { rescueJobInputSchema, type RescueJobOutput } from "./job-data.ts";
import { diffSnapshots, takeSnapshot } from "../lib/tree-snapshot.ts";

export function finishRescue(job: Job, _outcome: ClaudeOutcome): FinisherResult {
  const input = rescueJobInputSchema.safeParse(job.kindInput);
  if (!input.success) {
    return { kindOutput: { changes: { files: [], stat: "", headMoved: false, unavailable: "no snapshot from before the run was stored" } } satisfies RescueJobOutput };
  }
  const changes = diffSnapshots(job.cwd, input.data.before, takeSnapshot(job.cwd));
  return { kindOutput: { changes } satisfies RescueJobOutput };
}
