/** `cc status`: the list, one job's detail, `--wait`, and `--prune`. */
import { rmSync } from "node:fs";
import { UsageError } from "../lib/errors.ts";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";
import { currentWorkspace, type Workspace } from "../lib/workspace.ts";
import { parseDuration } from "../lib/duration.ts";
import { defaultScope, openReconciledStore, resolveJob, soleActiveJob } from "./lookup.ts";
import { reconcile } from "./reconcile.ts";
import type { JobStore, PrunedJob, Scope } from "./store.ts";
import { isActive, type Job } from "./types.ts";

export interface StatusArgs {
  job: string | null;
  all: boolean;
  wait: boolean;
  timeout: string | null;
  json: boolean;
  prune: boolean;
  olderThan: string | null;
  /** Kind clean-up for pruned jobs (a rescue deletes its snapshot refs); errors are the hook's own. */
  onPruned?: (jobs: PrunedJob[]) => void;
}

/** Rows in the default list; `--all` shows every job of the workspace. */
const LIST_LIMIT = 20;
const DEFAULT_WAIT_MS = 300_000;
const WAIT_POLL_MS = 250;

const print = (text: string): void => void process.stdout.write(text);
const printJson = (value: unknown): void => void print(`${JSON.stringify(value, null, 2)}\n`);

function validate(args: StatusArgs): void {
  if (args.prune) {
    if (args.olderThan === null) throw new UsageError("--prune needs --older-than", "For example `cc status --prune --older-than 7d` deletes finished jobs you have read that ended over a week ago.");
    if (args.job !== null || args.wait) throw new UsageError("--prune cannot be combined with a job id or --wait");
  } else if (args.olderThan !== null) throw new UsageError("--older-than only goes with --prune");
  if (args.timeout !== null && !args.wait) throw new UsageError("--timeout only goes with --wait");
  if (args.all && args.job !== null) throw new UsageError("--all lists jobs; it does not go with a job id");
}

async function detail(job: Job, json: boolean): Promise<void> {
  const { readLogTail, renderJobDetail } = await import("../render/jobs.ts");
  const logTail = readLogTail(job.logPath);
  if (json) printJson({ job, logTail });
  else print(renderJobDetail(job, { logTail }));
}

async function waitForEnd(store: JobStore, job: Job, timeoutMs: number): Promise<{ job: Job; timedOut: boolean }> {
  const deadline = timeoutMs === 0 ? Infinity : Date.now() + timeoutMs;
  let current = job;
  while (isActive(current.status)) {
    if (Date.now() >= deadline) return { job: current, timedOut: true };
    await Bun.sleep(Math.min(WAIT_POLL_MS, Math.max(1, deadline - Date.now())));
    reconcile(store);
    current = store.get(job.id) ?? current;
  }
  return { job: current, timedOut: false };
}

async function list(store: JobStore, ws: Workspace, all: boolean, json: boolean): Promise<void> {
  const scope: Scope = all ? { workspaceRoot: ws.root, codexSession: null } : defaultScope(ws);
  const limit = all ? -1 : LIST_LIMIT;
  const jobs = store.list(scope, limit);
  const total = all ? jobs.length : store.count(scope);
  if (json) return printJson({ workspaceRoot: ws.root, codexSession: scope.codexSession, jobs, hidden: total - jobs.length });
  const { renderJobList } = await import("../render/jobs.ts");
  const title = scope.codexSession ? "Jobs of this Codex session" : `Jobs in ${ws.root}`;
  print(renderJobList(jobs, { title, hidden: total - jobs.length }));
}

function prune(store: JobStore, ws: Workspace, olderThan: string, json: boolean, onPruned?: (jobs: PrunedJob[]) => void): void {
  const age = parseDuration(olderThan, "--older-than");
  const removed = store.prune({ workspaceRoot: ws.root }, Date.now() - age);
  for (const { logPath } of removed) rmSync(logPath, { force: true });
  onPruned?.(removed);
  if (json) return printJson({ removed: removed.map((r) => r.id) });
  print(removed.length ? `Removed ${removed.length} finished, read job${removed.length === 1 ? "" : "s"}: ${removed.map((r) => r.id).join(", ")}\n` : "No finished, read jobs that old; nothing removed.\n");
}

export async function statusCommand(args: StatusArgs): Promise<ExitCodeValue> {
  validate(args);
  const timeoutMs = args.timeout === null ? DEFAULT_WAIT_MS : parseDuration(args.timeout, "--timeout");
  const ws = currentWorkspace();
  const store = openReconciledStore();
  if (args.prune) {
    prune(store, ws, args.olderThan!, args.json, args.onPruned);
    return ExitCode.ok;
  }
  if (args.job === null && !args.wait) {
    await list(store, ws, args.all, args.json);
    return ExitCode.ok;
  }
  const job = args.job !== null ? resolveJob(store, args.job, ws) : soleActiveJob(store, defaultScope(ws), "wait for");
  if (!args.wait) {
    await detail(job, args.json);
    return ExitCode.ok;
  }
  const waited = await waitForEnd(store, job, timeoutMs);
  await detail(waited.job, args.json);
  if (waited.timedOut) {
    process.stderr.write(`cc: ${job.id} is still ${waited.job.status} after ${args.timeout ?? "5m"}; \`cc status ${job.id} --wait\` waits again.\n`);
    return ExitCode.timeout;
  }
  return ExitCode.ok;
}
