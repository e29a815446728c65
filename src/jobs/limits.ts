/**
 * How long a run may go on: the inactivity limit (no event from Claude for this long means the
 * stream stalled) and an optional whole-run limit. Resolved once, when the job is created, and
 * stored in its request, so the worker applies exactly what `cc status` shows.
 *
 * cc sees Claude's stream one content block at a time: a single long answer, a big file written by
 * one tool call, or a long thinking block arrives as one event after minutes of silence. The
 * default inactivity limit is therefore generous; a stalled stream (claude's own request timeout is
 * 10 minutes, and it retries) still ends well before anyone would think of killing it by hand.
 */

import { parseDuration } from "../lib/duration.ts";
import { z } from "../lib/small-zod.ts";

export const DEFAULT_STALL_MS = 10 * 60_000;
/** While a tool runs, Claude streams nothing: a build or a test suite gets at least this long. */
export const TOOL_STALL_MS = 20 * 60_000;

export const runLimitsSchema = z.object({
  /** End the run after this long without a Claude event; null: never. */
  stallMs: z.nullable(z.int().check(z.positive())),
  /** End the run after this long in total; null: no limit. */
  maxMs: z.nullable(z.int().check(z.positive())),
});
export type RunLimits = z.infer<typeof runLimitsSchema>;

export interface LimitSources {
  /** `--max-time` as typed. */
  maxTime?: string | undefined;
  /** cc's config: `stallTimeout`, `maxRunTime` (durations; "0" turns a limit off). */
  config?: { stallTimeout?: string | undefined; maxRunTime?: string | undefined };
  /** CC_STALL_TIMEOUT and CC_MAX_RUN_TIME override the config (tests use short ones). */
  env?: Record<string, string | undefined>;
}

const orNull = (ms: number) => (ms === 0 ? null : ms);

/** The limits of a new run: the flag, then the environment, then the config, then the defaults. */
export function resolveLimits(src: LimitSources = {}): RunLimits {
  const env = src.env ?? process.env;
  const stall = env.CC_STALL_TIMEOUT ?? src.config?.stallTimeout;
  const max = src.maxTime ?? env.CC_MAX_RUN_TIME ?? src.config?.maxRunTime;
  return {
    stallMs:
      stall === undefined
        ? DEFAULT_STALL_MS
        : orNull(parseDuration(stall, env.CC_STALL_TIMEOUT !== undefined ? "CC_STALL_TIMEOUT" : "stallTimeout in config.json")),
    maxMs:
      max === undefined
        ? null
        : orNull(
            parseDuration(max, src.maxTime !== undefined ? "--max-time" : env.CC_MAX_RUN_TIME !== undefined ? "CC_MAX_RUN_TIME" : "maxRunTime in config.json"),
          ),
  };
}

/** For a row stored without limits (an older cc): what applies now, or the defaults if that is misconfigured. */
export function limitsOrDefaults(stored: RunLimits | undefined): RunLimits {
  if (stored) return stored;
  try {
    return resolveLimits();
  } catch {
    return { stallMs: DEFAULT_STALL_MS, maxMs: null };
  }
}
