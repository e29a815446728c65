/**
 * Which Claude session a rescue continues.
 * - `--resume`: the newest rescue of this Codex session in this workspace; when this session has
 *   none (Codex was restarted, or cc runs outside Codex), the newest resumable rescue of the
 *   workspace from any session — saying which one.
 * - `--resume-last`: the newest rescue of this workspace, from any session.
 * - `--resume <job id | Claude session id>`: that one (see resumeReference in commands/rescue).
 * Failed and cancelled rescues count: continuing after a kill or a stall is the point. Claude keeps
 * sessions per directory, so a rescue resumes only from the directory it ran in.
 */
import { transcriptExists } from "../claude/session.ts";
import type { JobStore } from "../jobs/store.ts";
import { isActive, type Job } from "../jobs/types.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import { ccHint } from "../lib/invocation.ts";
import type { Workspace } from "../lib/workspace.ts";

export type ResumeMode = "session" | "workspace";

export interface ResumeChoice {
  /** The rescue continued; null when an explicit Claude session id was not started by cc. */
  job: Job | null;
  claudeSession: string;
  /** Said on stderr when cc chose something the user may not expect. */
  note: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RESCUE_ID = /^rescue-[a-z0-9]{1,12}$/;

/** Does a word look like something `--resume` can take: a rescue job id (or prefix) or a Claude session id? */
export const looksLikeResumeReference = (word: string): boolean => RESCUE_ID.test(word.trim().toLowerCase()) || UUID.test(word.trim());

const scope = (ws: Workspace, mode: ResumeMode) => ({ workspaceRoot: ws.root, codexSession: mode === "session" ? ws.codexSession : null });

function rescues(store: JobStore, ws: Workspace, mode: ResumeMode): Job[] {
  return store.list(scope(ws, mode), 200).filter((job) => job.kind === "rescue" && job.claudeSession !== null);
}

/** Newest rescue with a Claude session in scope (active ones included, so callers can refuse them). */
export function latestRescue(store: JobStore, ws: Workspace, mode: ResumeMode): Job | null {
  return rescues(store, ws, mode)[0] ?? null;
}

/** Refuse a rescue that cannot be continued from here; return it otherwise. */
function continuable(job: Job, ws: Workspace): Job {
  if (isActive(job.status)) {
    throw new CcError(`rescue ${job.id} is still ${job.status}`, {
      hint: `Wait for it with ${ccHint("status", job.id, "--wait")} (or stop it with ${ccHint("cancel", job.id)}), then continue it.`,
    });
  }
  if (job.cwd !== ws.cwd) {
    throw new UsageError(
      `rescue ${job.id} ran in ${job.cwd}, and Claude can only resume a session from the directory it started in`,
      `Run it from there: ${ccHint("rescue", "--cwd", job.cwd, "--resume", job.id)}.`,
    );
  }
  return job;
}

const chosen = (job: Job, note: string | null = null): ResumeChoice => ({ job, claudeSession: job.claudeSession!, note });

/** The newest rescue to continue, or a clear error saying why there is none here. */
export function resumeTarget(store: JobStore, ws: Workspace, mode: ResumeMode): ResumeChoice {
  const mine = latestRescue(store, ws, mode);
  if (mine) return chosen(continuable(mine, ws));
  // This session has none: after a Codex restart the work is still the workspace's.
  const any = rescues(store, ws, "workspace");
  const here = any.find((job) => !isActive(job.status) && job.cwd === ws.cwd);
  if (here) {
    const where = here.codexSession ? `Codex session ${here.codexSession}` : "outside Codex";
    return chosen(
      here,
      `this Codex session has no rescue to continue; continuing the workspace's newest, ${here.id} (${here.status}, from ${where}): ${here.summary.slice(0, 80)}`,
    );
  }
  if (any[0]) return chosen(continuable(any[0], ws));
  throw new UsageError(`there is no earlier rescue in ${ws.root} to continue`, `Start one with ${ccHint("rescue", "<task>")}.`);
}

/** `--resume <ref>`: a rescue job id (or unique prefix) of this workspace, or a Claude session id. Null: nothing matches. */
export function explicitResumeTarget(store: JobStore, ws: Workspace, ref: string): ResumeChoice | null {
  const word = ref.trim();
  if (UUID.test(word)) {
    const session = word.toLowerCase();
    const job = rescues(store, ws, "workspace").find((j) => j.claudeSession === session);
    if (job) return chosen(continuable(job, ws));
    // A session started in Claude Code itself (not by cc) can be continued too, from its directory.
    return transcriptExists(ws.cwd, session) ? { job: null, claudeSession: session, note: null } : null;
  }
  const id = word.toLowerCase();
  const matches = store.byPrefix(id).filter((j) => j.kind === "rescue" && j.workspaceRoot === ws.root);
  const exact = matches.find((j) => j.id === id);
  if (!exact && matches.length > 1) {
    throw new UsageError(
      `"${word}" matches ${matches.length} rescues`,
      `Candidates: ${matches
        .slice(0, 5)
        .map((j) => j.id)
        .join(", ")}. Type more of the id.`,
    );
  }
  const job = exact ?? matches[0];
  if (!job) return null;
  const full = store.get(job.id)!;
  if (full.claudeSession === null)
    throw new UsageError(
      `rescue ${full.id} has no Claude session to continue (it never started Claude)`,
      `Start a new one with ${ccHint("rescue", "<task>")}.`,
    );
  return chosen(continuable(full, ws));
}
