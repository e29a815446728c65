/**
 * Plain `cc status`'s quick road, sent here by src/cli.ts before citty, the command table or the job
 * model load. It answers only the common state: a store that is the user's own, current, with no job
 * queued, running or waiting for an answer (nothing to reconcile), no worktree to name under the
 * list, in a workspace found without git. Anything else returns false, having printed nothing, and
 * the full command runs (src/commands/status.ts), which prints the same list through
 * `statusListText`. bench/README.md says what each part costs.
 */
import type { JobFilter } from "../jobs/listing.ts";

/** Prints the list and returns true, or returns false having printed nothing. */
export async function quickStatusList(env: Record<string, string | undefined> = process.env): Promise<boolean> {
  const [{ databasePath }, { isPrivateStore }, { findWorkTreeRoot }] = await Promise.all([
    import("../lib/paths.ts"),
    import("../jobs/private-store.ts"),
    import("../lib/work-tree-root.ts"),
  ]);
  // The file checks first: Bun's file thread answers them while the list's code loads (each takes
  // about a millisecond, bench/README.md). Nothing touches the store before they answer.
  const path = databasePath(env);
  const cwd = process.cwd();
  // Handled at once: a check that fails while the code loads means the full road, not an unhandled rejection.
  const checked = Promise.all([isPrivateStore(path), findWorkTreeRoot(cwd, env)]).catch(() => [false, undefined] as const);
  const [{ openExistingDatabase }, { storeState }, { newestFinishedListings }, { jobsWithKindState }, { hintStyle, owningCodexSession }, { writeOut }, list] =
    await Promise.all([
      import("../jobs/db.ts"),
      import("../jobs/probe.ts"),
      import("../jobs/listing.ts"),
      import("../jobs/kind-state.ts"),
      import("../lib/invocation.ts"),
      import("../lib/stdout.ts"),
      import("./_status-list.ts"),
    ]);
  const [mine, root] = await checked;
  const db = mine && root !== undefined ? openExistingDatabase(path) : null;
  if (!db) return false;
  const filter: JobFilter = { workspaceRoot: root ?? cwd, codexSession: owningCodexSession(env) };
  // What the full road would do first (reconcile: a lost worker, an expired question) or add under
  // the list (a rescue's worktree).
  const state = storeState(db);
  if (state.reconcile || (state.kindStates && jobsWithKindState(db, filter).length > 0)) return false;
  db.exec("BEGIN");
  let text: string;
  try {
    text = list.statusListText(db, filter, newestFinishedListings(db, filter, list.LIST_LIMIT), hintStyle(env), Date.now(), state.followUps);
  } finally {
    db.exec("COMMIT");
  }
  writeOut(text);
  return true;
}
