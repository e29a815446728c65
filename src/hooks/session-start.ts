/**
 * SessionStart: record the session (cwd, transcript path, how it was started) in cc.db's `sessions`
 * table, and reconcile the job store so jobs whose worker died show as failed from the first prompt.
 * Says something only when a resumed session still has jobs running.
 */

import { openHookSessions, reconcileIfActive } from "./context.ts";
import type { HookInput } from "./input.ts";
import { readRolloutSource } from "./origin.ts";
import type { HookOutput } from "./output.ts";

export async function handle(input: HookInput): Promise<HookOutput | null> {
  const store = await openHookSessions();
  const { SessionStore } = await import("../jobs/sessions.ts");
  new SessionStore(store).record({
    id: input.sessionId!,
    cwd: input.cwd,
    transcriptPath: input.transcriptPath,
    source: input.source,
    origin: readRolloutSource(input.transcriptPath),
  });
  await reconcileIfActive(store.db);
  if (input.source !== "resume") return null;
  const [{ activeOfSession, cancelledAtSessionEnd, markNoticed }, { SESSION_ENDED, SESSION_ENDED_QUEUED }, { renderStillRunning, renderCancelledAtEnd }] =
    await Promise.all([import("../jobs/notices.ts"), import("../jobs/run.ts"), import("../render/notices.ts")]);
  const lines: string[] = [];
  // Jobs the end of this session cancelled (sessionEndJobs: "cancel"): say so once, with the way back.
  const cancelled = cancelledAtSessionEnd(store, input.sessionId!, [SESSION_ENDED, SESSION_ENDED_QUEUED]);
  const told = new Set(
    markNoticed(
      store,
      cancelled.map((j) => j.id),
      "noticed_at",
    ),
  );
  const fresh = cancelled.filter((j) => told.has(j.id));
  if (fresh.length) lines.push(renderCancelledAtEnd(fresh));
  const running = activeOfSession(store, input.sessionId!);
  if (running.length) lines.push(renderStillRunning(running));
  return lines.length ? { systemMessage: lines.join("\n") } : null;
}
