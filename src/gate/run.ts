/**
 * The stop-time review gate, run by the Stop hook while `reviewGate` is on:
 * 1. a subagent thread, or a stop that already used up this turn's blocks → allow;
 * 2. a turn that began while the gate was off (no baseline recorded for it) → silent;
 * 3. no net edits since the turn's baseline, or only edits cc's own commands made this turn (a
 *    rescue, an undo: src/gate/cc-edits.ts) → allow at once, no Claude call;
 * 4. otherwise Claude (read-only profile, structured verdict) reviews the turn's diff and Codex's
 *    last message, as a job of kind `gate` (so `cc status` shows it with its cost), bounded by a hard
 *    timeout; block → Codex continues the turn with the findings.
 * Anything that goes wrong on the way — an unreadable baseline, not a repository, claude missing or logged out,
 * rate limits, a timeout, a crash, a verdict that does not parse — fails OPEN with one line saying why.
 */

import type { CodexSession } from "../jobs/sessions.ts";
import type { JobStore } from "../jobs/store.ts";
import type { Job } from "../jobs/types.ts";
import type { CcConfig } from "../lib/config.ts";
import { finishGate } from "./finish.ts";

const DEFAULT_GATE_TIMEOUT_S = 300;
const DEFAULT_GATE_MAX_BLOCKS = 1;

/** `failedOpen`: the gate could not do its job and let the stop through (the line says why). */
export type GateDecision = { kind: "silent" } | { kind: "allow"; line: string; failedOpen?: boolean } | { kind: "block"; reason: string; line: string };

export interface GateRequest {
  sessionId: string;
  turnId: string | null;
  cwd: string;
  stopHookActive: boolean;
  lastAssistantMessage: string | null;
  session: CodexSession | null;
  config: CcConfig;
  store: JobStore;
  /** Extra environment for claude (tests). */
  env?: Record<string, string>;
}

export async function runStopGate(req: GateRequest): Promise<GateDecision> {
  const render = await import("../render/gate.ts");
  const cap = req.config.reviewGateMaxBlocks ?? DEFAULT_GATE_MAX_BLOCKS;
  const sameTurn = req.session !== null && req.session.turnId === req.turnId;
  // A continuation after a block of an unknown turn counts as used up: never loop on missing state.
  const blocks = sameTurn ? req.session!.gateBlocks : req.stopHookActive ? Math.max(cap, 1) : 0;
  if (req.stopHookActive && blocks >= cap) return cap === 0 ? { kind: "silent" } : { kind: "allow", line: render.gateCapLine(blocks) };

  const { readBaseline, turnChange, turnDiffText } = await import("./baseline.ts");
  // No record of this turn: the gate was off when its prompt arrived (the turn that turns it on, for
  // one). Such a turn was never the gate's to review, and nothing went wrong: say nothing.
  if (!sameTurn) return { kind: "silent" };
  const baseline = readBaseline(req.session!.baselineJson);
  if (!baseline)
    return { kind: "allow", failedOpen: true, line: render.gateSkippedLine("the working-tree baseline recorded when this turn began could not be read") };
  const change = turnChange(req.cwd, baseline);
  if ("unavailable" in change) return { kind: "allow", failedOpen: true, line: render.gateSkippedLine(change.unavailable) };
  if (change.changes.files.length === 0) return { kind: "silent" };
  // Edits cc's own commands made this turn (a rescue, an undo) are not the Codex turn's to review.
  const { codexOwnChanges, diffOfPaths } = await import("./cc-edits.ts");
  const own = codexOwnChanges(req.cwd, req.session!.baselineJson, change);
  if (own.paths.size === 0) return { kind: "silent" };
  const changes = own.leftOut.length ? { ...change.changes, files: change.changes.files.filter((f) => own.paths.has(f.path)) } : change.changes;

  const [{ buildGatePrompt, GATE_DIFF_BUDGET }, { gateVerdictJsonSchema }, { runJob }, { currentWorkspace }] = await Promise.all([
    import("./prompt.ts"),
    import("../contracts/gate-verdict.ts"),
    import("../jobs/start.ts"),
    import("../lib/workspace.ts"),
  ]);
  const fullDiff = await turnDiffText(req.cwd, change, GATE_DIFF_BUDGET);
  const diff = own.leftOut.length ? { ...fullDiff, text: diffOfPaths(fullDiff.text, own.paths) } : fullDiff;
  const workspace = { ...currentWorkspace(req.cwd, {}), codexSession: req.sessionId };
  const timeoutS = req.config.reviewGateTimeoutSeconds ?? DEFAULT_GATE_TIMEOUT_S;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(`The stop-time review gate timed out after ${timeoutS} s.`), timeoutS * 1000);
  let job: Job;
  try {
    job = await runJob(
      {
        kind: "gate",
        summary: `Stop gate: ${changes.files.length} file${changes.files.length === 1 ? "" : "s"} changed this turn`,
        request: {
          prompt: buildGatePrompt({ changes, diff, lastAssistantMessage: req.lastAssistantMessage }),
          cwd: workspace.root,
          profile: "read-only",
          jsonSchema: gateVerdictJsonSchema(),
        },
        workspace,
        kindInput: { turnId: req.turnId, files: changes.files.map((f) => f.path), diffTruncated: diff.truncated },
      },
      // The gate's own finisher (the one the kind registry lists for `gate`): the engine knows no kind.
      { finisher: finishGate, signal: abort.signal, ...(req.env ? { env: req.env } : {}) },
    );
  } finally {
    clearTimeout(timer);
  }
  // The verdict is delivered right here; it is not a result to nudge about later.
  req.store.markRead(job.id);
  const verdict = render.gateVerdictOf(job);
  if (job.status !== "completed" || verdict === null) return { kind: "allow", failedOpen: true, line: render.gateFailedOpenLine(job) };
  if (verdict.decision === "allow") return { kind: "allow", line: render.gateAllowedLine(job, verdict) };
  if (cap === 0) return { kind: "allow", line: render.gateAdvisoryLine(job, verdict) };
  const { SessionStore } = await import("../jobs/sessions.ts");
  const count = new SessionStore(req.store).countGateBlock(req.sessionId);
  return { kind: "block", reason: render.gateBlockReason(job, verdict), line: render.gateBlockedLine(job, verdict, count, cap) };
}
