/**
 * Which Claude session a rescue continues. `--resume` takes the newest rescue of this workspace and
 * Codex session; `--resume-last` the newest rescue of this workspace from any session. Failed and
 * cancelled rescues count: continuing after a kill is the point. Claude keeps sessions per
 * directory, so a rescue resumes only from the directory it ran in.
 */
import { CcError, UsageError } from "../lib/errors.ts";
import type { JobStore } from "../jobs/store.ts";
import { isActive, type Job } from "../jobs/types.ts";
import type { Workspace } from "../lib/workspace.ts";
import { ccHint } from "../lib/invocation.ts";

export type ResumeMode = "session" | "workspace";

/** Newest rescue with a Claude session in scope (active ones included, so callers can refuse them). */
export function latestRescue(store: JobStore, ws: Workspace, mode: ResumeMode): Job | null {
  const scope = { workspaceRoot: ws.root, codexSession: mode === "session" ? ws.codexSession : null };
  return store.list(scope, 200).find((job) => job.kind === "rescue" && job.claudeSession !== null) ?? null;
}

/** The rescue to continue, or a clear error saying why there is none to continue here. */
export function resumeTarget(store: JobStore, ws: Workspace, mode: ResumeMode): Job {
  const job = latestRescue(store, ws, mode);
  const where = mode === "session" && ws.codexSession ? "this Codex session in this workspace" : "this workspace";
  if (!job) {
    throw new UsageError(
      `there is no earlier rescue of ${where} to continue`,
      mode === "session" && ws.codexSession ? `${ccHint("rescue", "--resume-last")} looks across every session of this workspace; or start a new one without --resume.` : `Start one with ${ccHint("rescue", "<task>")}.`,
    );
  }
  if (isActive(job.status)) {
    throw new CcError(`rescue ${job.id} is still ${job.status}`, { hint: `Wait for it with ${ccHint("status", job.id, "--wait")} (or stop it with ${ccHint("cancel", job.id)}), then continue it.` });
  }
  if (job.cwd !== ws.cwd) {
    throw new UsageError(
      `rescue ${job.id} ran in ${job.cwd}, and Claude can only resume a session from the directory it started in`,
      `Run ${ccHint("rescue", "--resume")} from ${job.cwd}.`,
    );
  }
  return job;
}
