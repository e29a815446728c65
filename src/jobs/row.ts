/** One row of the jobs table as a Job, or a one-line reason naming the job and the column. */
import { CcError } from "../lib/errors.ts";
import { ccHint } from "../lib/invocation.ts";
import { type Job, jobRowSchema } from "./types.ts";

export function tryParseJobRow(row: unknown, dbPath: string): { job: Job } | { problem: string } {
  const parsed = jobRowSchema.safeParse(row);
  if (parsed.success) return { job: parsed.data };
  const issue = parsed.error.issues[0]!;
  const id = (row as { id?: unknown }).id;
  return { problem: `job ${String(id)} in ${dbPath} is unreadable: ${issue.path.join(".")}: ${issue.message}` };
}

/** The row as a Job; a damaged one is an error for the user (asked for exactly this job). */
export function parseJobRow(row: unknown, dbPath: string): Job {
  const r = tryParseJobRow(row, dbPath);
  if ("job" in r) return r.job;
  throw new CcError(r.problem, { hint: `It was probably written by a different cc version. ${ccHint("status", "--all")} still lists the others.` });
}
