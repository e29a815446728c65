/** `cc status`: the list, one job's detail, `--wait`, and `--prune`. */
import { defineCommand } from "citty";
import { commandMeta } from "./meta.ts";
import { rmSync } from "node:fs";
import { defaultJobFilter, openReconciledStore, resolveJob, soleActiveJob } from "../jobs/lookup.ts";
import { reconcile } from "../jobs/reconcile.ts";
import type { JobFilter, JobStore } from "../jobs/store.ts";
import { isActive, type Job } from "../jobs/types.ts";
import { parseDuration } from "../lib/duration.ts";
import { UsageError } from "../lib/errors.ts";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";
import { currentWorkspace, type Workspace } from "../lib/workspace.ts";
import { ccHint, hintStyle } from "../lib/invocation.ts";

interface StatusArgs {
  job: string | null;
  all: boolean;
  wait: boolean;
  timeout: string | null;
  json: boolean;
  prune: boolean;
  olderThan: string | null;
}

/** Rows in the default list; `--all` shows every job of the workspace. */
const LIST_LIMIT = 20;
const DEFAULT_WAIT_MS = 300_000;
const WAIT_POLL_MS = 250;

const print = (text: string): void => void process.stdout.write(text);
const printJson = (value: unknown): void => void print(`${JSON.stringify(value, null, 2)}\n`);

function validate(args: StatusArgs): void {
  if (args.prune) {
    if (args.olderThan === null) throw new UsageError("--prune needs --older-than", `For example ${ccHint("status", "--prune", "--older-than", "7d")} deletes finished jobs you have read that ended over a week ago.`);
    if (args.job !== null || args.wait) throw new UsageError("--prune cannot be combined with a job id or --wait");
  } else if (args.olderThan !== null) throw new UsageError("--older-than only goes with --prune");
  if (args.timeout !== null && !args.wait) throw new UsageError("--timeout only goes with --wait");
  if (args.all && args.job !== null) throw new UsageError("--all lists jobs; it does not go with a job id");
}

async function detail(job: Job, json: boolean): Promise<void> {
  const [{ readLogTail }, { renderJobDetail, summariseLog }] = await Promise.all([import("../jobs/log.ts"), import("../render/status.ts")]);
  const logTail = summariseLog(readLogTail(job.logPath));
  if (json) printJson({ job, logTail });
  else print(renderJobDetail(job, { logTail, style: hintStyle() }));
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
  const filter: JobFilter = all ? { workspaceRoot: ws.root, codexSession: null } : defaultJobFilter(ws);
  const limit = all ? -1 : LIST_LIMIT;
  const jobs = store.list(filter, limit);
  const total = all ? jobs.length : store.count(filter);
  if (json) return printJson({ workspaceRoot: ws.root, codexSession: filter.codexSession, jobs, hidden: total - jobs.length });
  const [{ renderJobList, renderUnreadElsewhere }, { unreadElsewhere }] = await Promise.all([import("../render/status.ts"), import("../jobs/unread.ts")]);
  const title = filter.codexSession ? "Jobs of this Codex session" : `Jobs in ${ws.root}`;
  const style = hintStyle();
  const others = filter.codexSession ? unreadElsewhere(store, ws.root, filter.codexSession) : null;
  const elsewhere = others?.newest ? renderUnreadElsewhere(others.count, others.newest.id, style) : null;
  print(renderJobList(jobs, { title, hidden: total - jobs.length, style, elsewhere }));
}

function prune(store: JobStore, ws: Workspace, olderThan: string, json: boolean): void {
  const age = parseDuration(olderThan, "--older-than");
  const removed = store.prune({ workspaceRoot: ws.root }, Date.now() - age);
  for (const { logPath } of removed) rmSync(logPath, { force: true });
  if (json) return printJson({ removed: removed.map((r) => r.id) });
  print(removed.length ? `Removed ${removed.length} finished, read job${removed.length === 1 ? "" : "s"}: ${removed.map((r) => r.id).join(", ")}\n` : "No finished, read jobs that old; nothing removed.\n");
}

async function status(args: StatusArgs): Promise<ExitCodeValue> {
  validate(args);
  const timeoutMs = args.timeout === null ? DEFAULT_WAIT_MS : parseDuration(args.timeout, "--timeout");
  const ws = currentWorkspace();
  const store = openReconciledStore();
  if (args.prune) {
    prune(store, ws, args.olderThan!, args.json);
    return ExitCode.ok;
  }
  if (args.job === null && !args.wait) {
    await list(store, ws, args.all, args.json);
    return ExitCode.ok;
  }
  const job = args.job !== null ? resolveJob(store, args.job, ws) : soleActiveJob(store, defaultJobFilter(ws), "wait for");
  if (!args.wait) {
    await detail(job, args.json);
    return ExitCode.ok;
  }
  const waited = await waitForEnd(store, job, timeoutMs);
  await detail(waited.job, args.json);
  if (waited.timedOut) {
    process.stderr.write(`cc: ${job.id} is still ${waited.job.status} after ${args.timeout ?? "5m"}; ${ccHint("status", job.id, "--wait")} waits again.\n`);
    return ExitCode.timeout;
  }
  return ExitCode.ok;
}

export default defineCommand({
  meta: commandMeta("status"),
  args: {
    job: { type: "positional", required: false, description: "Job id or unique prefix (default: the list)" },
    all: { type: "boolean", description: "Every job of this workspace, not only this Codex session's" },
    wait: { type: "boolean", description: "Block until the job ends (exit 5 when --timeout passes first)" },
    timeout: { type: "string", description: "With --wait: give up after this long (90s, 10m; default 5m; 0 = never)" },
    json: { type: "boolean", description: "Print as JSON" },
    prune: { type: "boolean", description: "Delete finished jobs you have read (needs --older-than)" },
    "older-than": { type: "string", description: "With --prune: only jobs that finished longer ago than this (7d, 12h)" },
  },
  async run({ args }) {
    process.exitCode = await status({
      job: typeof args.job === "string" && args.job !== "" ? args.job : null,
      all: Boolean(args.all),
      wait: Boolean(args.wait),
      timeout: args.timeout ?? null,
      json: Boolean(args.json),
      prune: Boolean(args.prune),
      olderThan: args["older-than"] ?? null,
    });
  },
});
