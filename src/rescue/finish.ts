/** At the end of a rescue (foreground or in the worker): list the files Claude changed. */
import type { ClaudeOutcome } from "../claude/types.ts";
import type { FinishResult } from "../jobs/finishers.ts";
import type { Job } from "../jobs/types.ts";
import { rescueMetaSchema, type RescueExtra } from "./meta.ts";
import { diffSnapshots, takeSnapshot } from "../lib/tree-snapshot.ts";

export function finish(job: Job, _outcome: ClaudeOutcome): FinishResult {
  const meta = rescueMetaSchema.safeParse(job.meta);
  if (!meta.success) {
    return { extra: { changes: { files: [], stat: "", headMoved: false, unavailable: "no snapshot from before the run was stored" } } satisfies RescueExtra };
  }
  const changes = diffSnapshots(job.cwd, meta.data.before, takeSnapshot(job.cwd));
  return { extra: { changes } satisfies RescueExtra };
}
