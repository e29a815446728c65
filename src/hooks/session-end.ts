/**
 * SessionEnd, inside Codex's 1 s budget. The policy for this session's still-running background
 * jobs (config `sessionEndJobs`):
 * - "keep" (default): they run on; their results wait in the store, `$cc:status` / `$cc:result` from
 *   any session of the workspace (or this one, resumed) find them.
 * - "cancel": when an interactive session ends (Codex TUI or an app-server client, read from the
 *   session's rollout), each job is marked cancel-requested and its detached worker is sent SIGHUP;
 *   the worker stops Claude and records the cancel on its own, after this hook has returned. A
 *   SessionEnd that only means the session is being resumed (see IDLE_UNLOAD_MS) cancels nothing;
 *   a later resume is told what was cancelled (SessionStart).
 * The end of a `codex exec` (or a session whose origin cc cannot read) never cancels anything:
 * starting a job with `--background` from `codex exec` must outlive that exec. Finished results are
 * never deleted here.
 */
import { statSync } from "node:fs";
import { hookConfig, openHookSessions, openHookStore } from "./context.ts";
import type { HookInput } from "./input.ts";
import { hookLog } from "./log.ts";
import { readRolloutSource, sessionOrigin } from "./origin.ts";

/**
 * Codex 0.169–0.171 run an interactive session on an app-server daemon that unloads a session — and
 * only then runs SessionEnd — about 60 s after the person leaves it (/quit, /new, a closed terminal:
 * measured 60.4–62.1 s, bench/session-end.ts), or at once when `codex resume` re-attaches it. So a
 * SessionEnd that arrives sooner after the session's last write than the daemon's idle time is a
 * re-attach, not an end. (A resume later than that is indistinguishable here; see the README.)
 */
const IDLE_UNLOAD_MS = 55_000;

function reattachedNow(transcriptPath: string | null, now = Date.now()): boolean {
  if (!transcriptPath) return false;
  try {
    return now - statSync(transcriptPath).mtimeMs < IDLE_UNLOAD_MS;
  } catch {
    return false;
  }
}

export async function handle(input: HookInput): Promise<null> {
  const session = input.sessionId!;
  const [{ anyActiveOfSession }, { SessionStore }, database] = await Promise.all([
    import("../jobs/probe.ts"),
    import("../jobs/sessions.ts"),
    openHookSessions(300),
  ]);
  const sessions = new SessionStore(database);
  if (!anyActiveOfSession(database.db, session)) {
    sessions.end(session);
    return null;
  }
  const store = await openHookStore();
  const { activeOfSession } = await import("../jobs/notices.ts");
  const jobs = activeOfSession(store, session);
  const policy = (await hookConfig()).sessionEndJobs ?? "keep";
  // Codex flushes the rollout before SessionEnd, so its first line is there even if SessionStart missed it.
  const origin = sessionOrigin(readRolloutSource(input.transcriptPath) ?? sessions.get(session)?.origin ?? null);
  const reattached = origin === "interactive" && reattachedNow(input.transcriptPath);
  if (policy === "keep" || origin !== "interactive" || reattached) {
    sessions.end(session);
    const why = reattached ? "the session is being resumed (codex resume), not ended" : `policy ${policy}`;
    hookLog(
      "SessionEnd",
      `session ${session} (${origin}, reason ${input.reason ?? "none"}) ended with ${jobs.length} job(s) running; kept (${why}): ${jobs.map((j) => j.id).join(", ")}`,
    );
    return null;
  }
  const [{ liveness, signalProcess }, { SESSION_ENDED_QUEUED }] = await Promise.all([import("../lib/process.ts"), import("../jobs/run.ts")]);
  for (const job of jobs) {
    store.requestCancel(job.id);
    if (job.status === "queued") store.end(job.id, ["queued"], "cancelled", { errorClass: "cancelled", errorMessage: SESSION_ENDED_QUEUED });
    // The worker's SIGHUP handler cancels its Claude run and records `cancelled`, saying the session ended
    // (its heartbeat would also see the request within 5 s).
    else if (job.workerPid !== null && job.workerPid !== process.pid && liveness(job.workerPid, job.workerStart) === "alive")
      signalProcess(job.workerPid, "SIGHUP");
  }
  sessions.end(session);
  hookLog("SessionEnd", `session ${session} ended: cancelling ${jobs.map((j) => j.id).join(", ")} (sessionEndJobs = cancel)`);
  return null;
}
