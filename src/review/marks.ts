/**
 * What `--since-last` remembers: per repository and reviewed ref or pull request, the last commit a
 * review finished with findings, and the job that holds them (table `review_marks`, src/jobs/db.ts).
 */
import { realpathSync } from "node:fs";
import type { Finding } from "../contracts/review-findings.ts";
import { reviewJobOutputSchema } from "../contracts/review-job.ts";
import { withDatabaseErrors } from "../jobs/db.ts";
import { JobStore } from "../jobs/store.ts";
import { commonGitDir } from "./checkout.ts";

export interface LastReview {
  commit: string;
  job: string;
  findings: Finding[];
}

/** One name per repository, however it is reached (a linked worktree, a symlinked path). */
function repoKey(repoRoot: string): string {
  const dir = commonGitDir(repoRoot);
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

const markRow = (row: unknown) => row as { commit_sha: string; job_id: string } | null;

export function findLastReview(repoRoot: string, key: string): LastReview | null {
  const store = new JobStore();
  const row = markRow(
    withDatabaseErrors(store.path, () =>
      store.db.query("SELECT commit_sha, job_id FROM review_marks WHERE repo = ? AND target = ?").get(repoKey(repoRoot), key),
    ),
  );
  if (!row) return null;
  const output = reviewJobOutputSchema.safeParse(store.get(row.job_id)?.kindOutput);
  return { commit: row.commit_sha, job: row.job_id, findings: output.success ? (output.data.findings?.findings ?? []) : [] };
}

export function recordReview(repoRoot: string, key: string, commit: string, jobId: string, now = Date.now()): void {
  const store = new JobStore();
  withDatabaseErrors(store.path, () =>
    store.db
      .query(
        "INSERT INTO review_marks (repo, target, commit_sha, job_id, reviewed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (repo, target) DO UPDATE SET commit_sha = excluded.commit_sha, job_id = excluded.job_id, reviewed_at = excluded.reviewed_at",
      )
      .run(repoKey(repoRoot), key, commit, jobId, now),
  );
}
