/**
 * Stop: the turn is ending. Tell the user, in one line and at no model cost, about background jobs
 * of this session that finished during the turn; then, while the review gate is on, run it
 * (src/gate/run.ts): it may block the stop so Codex continues with Claude's findings.
 */
import type { GateDecision } from "../gate/run.ts";
import { gateOnFor, hookConfig, NOT_ANNOUNCED, openHookDatabase, openHookStore, reconcileIfActive } from "./context.ts";
import type { HookInput } from "./input.ts";
import type { HookOutput } from "./output.ts";

export async function handle(input: HookInput): Promise<HookOutput | null> {
  const session = input.sessionId!;
  const db = await openHookDatabase();
  await reconcileIfActive(db);
  const lines: string[] = [];

  // Jobs that ended since the last notice or nudge: during this turn, since the nudge marks what it shows.
  const { anyUnmarkedFinished } = await import("../jobs/probe.ts");
  if (anyUnmarkedFinished(db, session, "noticed_at", NOT_ANNOUNCED)) {
    const [store, notices, { renderFinishedLine }] = await Promise.all([openHookStore(), import("../jobs/notices.ts"), import("../render/notices.ts")]);
    const finished = notices.unreadFinished(store, { codexSession: session, unmarked: "noticed_at", excludeKinds: NOT_ANNOUNCED });
    const mine = new Set(
      notices.markNoticed(
        store,
        finished.map((j) => j.id),
        "noticed_at",
      ),
    );
    const fresh = finished.filter((j) => mine.has(j.id));
    if (fresh.length) {
      const toApply = (await import("../rescue/worktree-status.ts")).waitingToApply(store, fresh);
      lines.push(renderFinishedLine(fresh, "this turn", { toApply, questions: notices.questionsOf(store, fresh) }));
    }
  }

  let config: Awaited<ReturnType<typeof hookConfig>>;
  try {
    config = await hookConfig();
  } catch (error) {
    // The hook log needs node:fs: loaded only when there is something to write.
    const { describeError, hookLog } = await import("./log.ts");
    hookLog("Stop", `gate not run: ${describeError(error)}`);
    lines.push(`cc review gate did not run: ${describeError(error)}. The stop proceeds.`);
    return { systemMessage: lines.join("\n") };
  }
  let block: { reason: string } | undefined;
  if (await gateOnFor(input.cwd, config)) {
    const [{ runStopGate }, { SessionStore }, store, { describeError, hookLog }] = await Promise.all([
      import("../gate/run.ts"),
      import("../jobs/sessions.ts"),
      openHookStore(),
      import("./log.ts"),
    ]);
    const decision = await runStopGate({
      sessionId: session,
      turnId: input.turnId,
      cwd: input.cwd,
      stopHookActive: input.stopHookActive,
      lastAssistantMessage: input.lastAssistantMessage,
      session: new SessionStore(store).get(session),
      config,
      store,
    }).catch(
      (error: unknown): GateDecision => ({ kind: "allow", failedOpen: true, line: `cc review gate did not run: ${describeError(error)}. The stop proceeds.` }),
    );
    if (decision.kind !== "silent") lines.push(decision.line);
    if (decision.kind === "block") block = { reason: decision.reason };
    if (decision.kind === "allow" && decision.failedOpen) hookLog("Stop", `session ${session}: ${decision.line}`);
  }
  if (!lines.length && !block) return null;
  return { ...(lines.length ? { systemMessage: lines.join("\n") } : {}), ...(block ? { block } : {}) };
}
