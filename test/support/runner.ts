/** Driving cc's Claude runner (src/claude/run.ts) against the Messages mock, bounded and reaped. */
import { startClaude } from "../../src/claude/run.ts";
import type { ClaudeEvent, ClaudeOutcome, ClaudeRun, ClaudeRunRequest } from "../../src/claude/types.ts";
import { claudeBin } from "./bins.ts";
import type { Sandbox } from "./sandbox.ts";

const live = new Set<ClaudeRun>();

export interface RunnerResult {
  run: ClaudeRun;
  outcome: ClaudeOutcome;
  events: ClaudeEvent[];
}

/** Start the runner in the sandbox's repo with the sandbox's private env (nothing inherited). */
export async function startRunner(sb: Sandbox, mockUrl: string, req: Partial<ClaudeRunRequest> & { envExtra?: Record<string, string> } = {}) {
  const events: ClaudeEvent[] = [];
  const { envExtra, ...rest } = req;
  const run = await startClaude({
    prompt: "hello",
    cwd: sb.repo,
    profile: "read-only",
    replaceEnv: true,
    env: sb.claudeEnv(mockUrl, { CC_CLAUDE_BIN: claudeBin, ...envExtra }),
    ...rest,
    onEvent: (e, turns) => {
      events.push(e);
      rest.onEvent?.(e, turns);
    },
  });
  live.add(run);
  void run.outcome.then(() => live.delete(run));
  return { run, events };
}

/** Run to the end; a run that outlives `timeoutMs` is cancelled and the test fails on it. */
export async function runRunner(
  sb: Sandbox,
  mockUrl: string,
  req: Partial<ClaudeRunRequest> & { envExtra?: Record<string, string> } = {},
  timeoutMs = 30000,
): Promise<RunnerResult> {
  const { run, events } = await startRunner(sb, mockUrl, req);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void run.cancel();
      reject(new Error(`claude run did not end within ${timeoutMs} ms; events: ${JSON.stringify(events).slice(-2000)}`));
    }, timeoutMs);
  });
  try {
    const outcome = await Promise.race([run.outcome, timeout]);
    return { run, outcome, events };
  } finally {
    clearTimeout(timer);
  }
}

/** Cancel every run a test left behind. */
export async function reapRuns(): Promise<void> {
  await Promise.all([...live].map((r) => r.cancel()));
  live.clear();
}
