/**
 * What hook handlers open: the database (raw, for the cheap probes), the full job store only when
 * there is work, and cc's config only when the file exists (the default — no file — costs nothing).
 */
import type { Database } from "bun:sqlite";
import type { JobStore } from "../jobs/store.ts";
import type { CcConfig } from "../lib/config.ts";
import { configPath, databasePath } from "../lib/paths.ts";
import { enterSlowPath } from "./slow-path.ts";

/** The stop gate's jobs are shown where they run (the Stop hook), never announced or noticed later. */
export const NOT_ANNOUNCED = ["gate"] as const;

/** A hook waits at most this long for a database another cc holds (the default 5 s is a command's). */
const HOOK_BUSY_TIMEOUT_MS = "1000";

/** `busyTimeoutMs`: shorter for a hook with a tighter budget (SessionEnd's whole budget is 1 s). */
export async function openHookDatabase(busyTimeoutMs?: number): Promise<Database> {
  const wait = busyTimeoutMs === undefined ? HOOK_BUSY_TIMEOUT_MS : String(busyTimeoutMs);
  const path = databasePath();
  // Passed, not written into process.env (0.2 MiB a prompt): CC_DB_BUSY_TIMEOUT_MS, when set, wins.
  const fromEnv = process.env.CC_DB_BUSY_TIMEOUT_MS !== undefined;
  const existing = await (await import("../jobs/db.ts")).openPrivateExistingDatabase(path, fromEnv ? undefined : Number(wait));
  if (existing) return existing;
  process.env.CC_DB_BUSY_TIMEOUT_MS ??= wait;
  enterSlowPath(); // creating, repairing or migrating the store
  const { openDatabase } = await import("../jobs/db-file.ts");
  return openDatabase(path);
}

/** The database as the session table needs it (src/jobs/sessions.ts): without the job store's modules. */
export async function openHookSessions(busyTimeoutMs?: number): Promise<{ db: Database; path: string }> {
  return { db: await openHookDatabase(busyTimeoutMs), path: databasePath() };
}

export async function openHookStore(): Promise<JobStore> {
  enterSlowPath();
  process.env.CC_DB_BUSY_TIMEOUT_MS ??= HOOK_BUSY_TIMEOUT_MS;
  const { JobStore } = await import("../jobs/store.ts");
  return new JobStore();
}

export async function hookConfig(): Promise<CcConfig> {
  if (!(await Bun.file(configPath()).exists())) return {};
  const { readConfig } = await import("../lib/config.ts");
  return readConfig();
}

/**
 * Is the review gate on for the workspace of `cwd` (per workspace, with a global default:
 * src/lib/review-gate.ts)? Finding the workspace costs a git call, so it is only made when some
 * setting could turn the gate on.
 */
export async function gateOnFor(cwd: string, config: CcConfig): Promise<boolean> {
  let anyOn = config.reviewGate === true;
  // A loop, not `some`, on every stop: see jobs/statuses.ts sqlStatuses.
  for (const on of Object.values(config.reviewGateByWorkspace ?? {})) anyOn ||= on;
  if (!anyOn) return false;
  enterSlowPath();
  const [{ reviewGateEnabled }, { currentWorkspace }] = await Promise.all([import("../lib/review-gate.ts"), import("../lib/workspace.ts")]);
  try {
    return reviewGateEnabled(currentWorkspace(cwd).root, config);
  } catch {
    return false; // a cwd that is gone has no workspace to gate
  }
}

/** Reconcile only when some job claims to be active (a lost worker's job then shows as failed). */
export async function reconcileIfActive(db: Database): Promise<void> {
  const { anyActiveJob } = await import("../jobs/probe.ts");
  if (!anyActiveJob(db)) return;
  enterSlowPath();
  const [{ reconcile }, store] = await Promise.all([import("../jobs/reconcile.ts"), openHookStore()]);
  reconcile(store);
}
