/**
 * `cc status`'s default list (this Codex session's newest jobs, or the workspace's outside Codex),
 * as both roads print it: the quick road (src/commands/_status-quick.ts) and the full command
 * (src/commands/status.ts).
 */
import type { Database } from "bun:sqlite";
import { countJobs, followUpCounts, type JobFilter } from "../jobs/listing.ts";
import type { JobListing } from "../jobs/types.ts";
import { UNREAD_COUNT_CAP, unreadElsewhere } from "../jobs/unread.ts";
import type { HintStyle } from "../lib/invocation.ts";
import { renderJobList, renderUnreadElsewhere } from "../render/job-list.ts";

/** Rows in the default list; `--all` shows every job of the workspace. */
export const LIST_LIMIT = 20;

/** `… · 2 follow-ups` after the summary of a job that got messages (`cc steer`). */
export function withFollowUps<T extends JobListing>(job: T, followUps: number | undefined): T {
  return followUps ? { ...job, summary: `${job.summary} · ${followUps} follow-up${followUps === 1 ? "" : "s"}` } : job;
}

/**
 * The list of `rows` (the filter's newest LIST_LIMIT, newest first) with what goes around it: the
 * title, how many older ones are not shown, other sessions' unread results. Run in one read
 * snapshot by the caller; `followUps: false` when the store is known to hold none.
 */
export function statusListText(db: Database, filter: JobFilter, rows: readonly JobListing[], style: HintStyle, now: number, followUps = true): string {
  const ids: string[] = [];
  for (const job of rows) ids.push(job.id); // not rows.map: see render/job-list.ts renderListLine
  const counts = followUps ? followUpCounts(db, ids) : new Map<string, number>();
  const others = filter.codexSession ? unreadElsewhere(db, filter.workspaceRoot, filter.codexSession) : null;
  const shown: JobListing[] = [];
  for (const job of rows) shown.push(withFollowUps(job, counts.get(job.id)));
  return renderJobList(shown, {
    title: filter.codexSession ? "Jobs of this Codex session" : `Jobs in ${filter.workspaceRoot}`,
    // A short list is the whole list: counting is only needed when it is full.
    hidden: rows.length < LIST_LIMIT ? 0 : countJobs(db, filter) - rows.length,
    style,
    elsewhere: others?.newestId ? renderUnreadElsewhere(others.count, others.newestId, style, UNREAD_COUNT_CAP) : null,
    now,
  });
}
