/**
 * SessionStart: record the session (cwd, transcript path, how it was started) in cc.db's `sessions`
 * table, and reconcile the job store so jobs whose worker died show as failed from the first prompt.
 * Says something only when a resumed session still has jobs running.
 */
import type { HookInput } from "./input.ts";
import type { HookOutput } from "./output.ts";
import { openHookSessions, reconcileIfActive } from "./context.ts";
import { readRolloutSource } from "./origin.ts";

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
  const { activeOfSession } = await import("../jobs/notices.ts");
  const running = activeOfSession(store, input.sessionId!);
  if (running.length === 0) return null;
  const { renderStillRunning } = await import("../render/notices.ts");
  return { systemMessage: renderStillRunning(running) };
}
