/**
 * UserPromptSubmit: a new user turn begins. While the review gate is on, record the turn and the
 * gate's baseline of the working tree. Then point the model at this session's background jobs that
 * ended unseen — each job once, never its output — with a line for the user. Quiet when the prompt
 * is itself `$cc:status` or `$cc:result`. The common case (nothing unread, gate off) is two indexed
 * lookups and no write.
 */

import { gateOnFor, hookConfig, NOT_ANNOUNCED, openHookDatabase, openHookStore, reconcileIfActive } from "./context.ts";
import { type HookInput, isAsciiAlnum } from "./input.ts";
import type { HookOutput } from "./output.ts";

/** What `\b` counts as a word character: `0-9A-Za-z_`. */
const isWordChar = (c: number) => isAsciiAlnum(c) || c === 95;

/** The prompt names `$cc:status` or `$cc:result` (any case, as a word). No regex on this path: see hooks/input.ts. */
export function asksForResults(prompt: string): boolean {
  const lower = prompt.toLowerCase();
  for (let at = lower.indexOf("$cc:"); at !== -1; at = lower.indexOf("$cc:", at + 1)) {
    for (const name of ["status", "result"]) if (lower.startsWith(name, at + 4) && !isWordChar(lower.charCodeAt(at + 4 + name.length))) return true;
  }
  return false;
}

export async function handle(input: HookInput): Promise<HookOutput | null> {
  const session = input.sessionId!;
  const db = await openHookDatabase();
  const config = await hookConfig();
  if (await gateOnFor(input.cwd, config)) {
    const [{ takeBaseline }, { SessionStore }, store] = await Promise.all([import("../gate/baseline.ts"), import("../jobs/sessions.ts"), openHookStore()]);
    new SessionStore(store).beginTurn(
      { id: session, cwd: input.cwd, transcriptPath: input.transcriptPath },
      { turnId: input.turnId, baselineJson: takeBaseline(input.cwd) },
    );
  }
  await reconcileIfActive(db);
  if (input.prompt && asksForResults(input.prompt)) return null;
  const { anyUnmarkedFinished } = await import("../jobs/probe.ts");
  if (!anyUnmarkedFinished(db, session, "announced_at", NOT_ANNOUNCED)) return null;

  const [store, notices] = await Promise.all([openHookStore(), import("../jobs/notices.ts")]);
  const unread = notices.unreadFinished(store, { codexSession: session, unmarked: "announced_at", excludeKinds: NOT_ANNOUNCED });
  const mine = new Set(
    notices.markNoticed(
      store,
      unread.map((j) => j.id),
      "announced_at",
    ),
  );
  const jobs = unread.filter((j) => mine.has(j.id));
  if (jobs.length === 0) return null;
  // The user already saw a line for jobs the Stop notice reported; the model has not.
  const alreadyShown = notices.noticedIds(
    store,
    jobs.map((j) => j.id),
  );
  const unseen = jobs.filter((j) => !alreadyShown.has(j.id));
  notices.markNoticed(
    store,
    unseen.map((j) => j.id),
    "noticed_at",
  );
  const [{ renderNudge, renderFinishedLine }, { waitingToApply }] = await Promise.all([import("../render/notices.ts"), import("../rescue/worktree-status.ts")]);
  const jobNotes = { toApply: waitingToApply(store, jobs), questions: notices.questionsOf(store, jobs) };
  return { additionalContext: renderNudge(jobs, jobNotes), ...(unseen.length ? { systemMessage: renderFinishedLine(unseen, "now", jobNotes) } : {}) };
}
