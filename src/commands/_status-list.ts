/**
 * `cc status`'s default list (this Codex session's newest jobs, or the workspace's outside Codex),
 * and its quick road: plain `cc status` is sent here by src/cli.ts before citty, the command table
 * or the job model load. The quick road answers only the common state, a store that is the user's
 * own, current, with no job queued, running or waiting for an answer (nothing to reconcile), no
 * worktree to name under the list, in a workspace found without git; anything else returns false
 * and the full command runs (src/commands/status.ts), which prints the same list through
 * `statusListText`. bench/README.md says what each part costs.
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

/** The quick road: prints the list and returns true, or returns false having printed nothing. */
export async function quickStatusList(env: Record<string, string | undefined> = process.env): Promise<boolean> {
  const [{ databasePath }, { openPrivateExistingDatabase }, { findWorkTreeRoot }] = await Promise.all([
    import("../lib/paths.ts"),
    import("../jobs/db.ts"),
    import("../lib/work-tree-root.ts"),
  ]);
  const cwd = process.cwd();
  const [db, root] = await Promise.all([openPrivateExistingDatabase(databasePath(env)), findWorkTreeRoot(cwd, env)]);
  if (!db || root === undefined) return false;
  const [{ storeState }, { newestFinishedListings }, { jobsWithKindState }, { hintStyle, owningCodexSession }, { writeOut }] = await Promise.all([
    import("../jobs/probe.ts"),
    import("../jobs/listing.ts"),
    import("../jobs/kind-state.ts"),
    import("../lib/invocation.ts"),
    import("../lib/stdout.ts"),
  ]);
  const filter: JobFilter = { workspaceRoot: root ?? cwd, codexSession: owningCodexSession(env) };
  // What the full road would do first (reconcile: a lost worker, an expired question) or add under
  // the list (a rescue's worktree).
  const state = storeState(db);
  if (state.reconcile || (state.kindStates && jobsWithKindState(db, filter).length > 0)) return false;
  db.exec("BEGIN");
  let text: string;
  try {
    text = statusListText(db, filter, newestFinishedListings(db, filter, LIST_LIMIT), hintStyle(env), Date.now(), state.followUps);
  } finally {
    db.exec("COMMIT");
  }
  writeOut(text);
  return true;
}
