/**
 * Jobs parked on a question (`needs-input`, src/jobs/ask-back.ts) hold no process: an answer starts
 * a new run in the same Claude session. Unanswered, a parked job times out into `completed` (its
 * text, question included, stays its result) after `needsInputTimeout` (config.json; default 24h,
 * "0" = never; CC_NEEDS_INPUT_TIMEOUT overrides).
 */
import { readConfig } from "../lib/config.ts";
import { parseDuration } from "../lib/duration.ts";
import { withDatabaseErrors } from "./db.ts";
import type { JobStore } from "./store.ts";

const DEFAULT_NEEDS_INPUT_MS = 24 * 60 * 60 * 1000;

/** How long a job waits for an answer; null: for ever. A broken setting falls back to the default. */
function needsInputTimeoutMs(env: Record<string, string | undefined> = process.env): number | null {
  try {
    const raw = env.CC_NEEDS_INPUT_TIMEOUT ?? readConfig().needsInputTimeout;
    if (raw === undefined) return DEFAULT_NEEDS_INPUT_MS;
    const ms = parseDuration(raw, env.CC_NEEDS_INPUT_TIMEOUT !== undefined ? "CC_NEEDS_INPUT_TIMEOUT" : "needsInputTimeout in config.json");
    return ms === 0 ? null : ms;
  } catch {
    return DEFAULT_NEEDS_INPUT_MS;
  }
}

/** Parked jobs whose wait is over become `completed`. Returns their ids. */
export function expireParked(store: JobStore, now = Date.now()): string[] {
  return withDatabaseErrors(store.path, () => {
    const parked = store.db.query("SELECT id, finished_at AS parkedAt FROM jobs WHERE status = 'needs-input'").all() as {
      id: string;
      parkedAt: number | null;
    }[];
    if (parked.length === 0) return [];
    const timeout = needsInputTimeoutMs();
    if (timeout === null) return [];
    const expired = parked.filter((p) => now - (p.parkedAt ?? 0) >= timeout);
    const note = { errorClass: null, errorMessage: `Nobody answered its question within ${Math.round(timeout / 60000)} min; it ended as it was.` };
    return expired.filter((p) => store.end(p.id, ["needs-input"], "completed", note)).map((p) => p.id);
  });
}
