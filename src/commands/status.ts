/** `cc status`: the list, one job's detail, `--wait`, and `--prune`. */
import { defineCommand } from "citty";
import { commandMeta } from "./meta.ts";
import { rmSync } from "node:fs";
import { defaultJobFilter, openReconciledStore, resolveJob, soleActiveJob } from "../jobs/lookup.ts";
import { reconcile } from "../jobs/reconcile.ts";
import type { RunLimits } from "../jobs/limits.ts";
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
  /** cc-plugin-codex's --timeout-ms and --poll-interval-ms (milliseconds). */
  timeoutMs: string | null;
  pollIntervalMs: string | null;
  json: boolean;
  prune: boolean;
  olderThan: string | null;
}

/** Rows in the default list; `--all` shows every job of the workspace. */
const LIST_LIMIT = 20;
const DEFAULT_WAIT_MS = 300_000;
const WAIT_POLL_MS = 250;
/** A floor for --poll-interval-ms: polling the store faster only costs CPU. */
const MIN_POLL_MS = 100;

function milliseconds(raw: string, flag: string): number {
  if (!/^\d{1,10}$/.test(raw.trim())) throw new UsageError(`${flag} "${raw}" is not a number of milliseconds`, `For example ${flag} 60000.`);
  return Number(raw.trim());
}

const print = (text: string): void => void process.stdout.write(text);
const printJson = (value: unknown): void => void print(`${JSON.stringify(value, null, 2)}\n`);

function validate(args: StatusArgs): void {
  if (args.prune) {
    if (args.olderThan === null) throw new UsageError("--prune needs --older-than", `For example ${ccHint("status", "--prune", "--older-than", "7d")} deletes finished jobs you have read that ended over a week ago.`);
    if (args.job !== null || args.wait) throw new UsageError("--prune cannot be combined with a job id or --wait");
  } else if (args.olderThan !== null) throw new UsageError("--older-than only goes with --prune");
  if (args.timeout !== null && !args.wait) throw new UsageError("--timeout only goes with --wait");
  if (args.timeout !== null && args.timeoutMs !== null) throw new UsageError("--timeout and --timeout-ms say the same thing", "Pass one of them.");
  // cc-plugin-codex ignores these without --wait; say so instead of failing a habit.
  for (const [flag, value] of [["--timeout-ms", args.timeoutMs], ["--poll-interval-ms", args.pollIntervalMs]] as const) {
    if (value !== null && !args.wait) process.stderr.write(`cc: ${flag} only applies with --wait; ignored.\n`);
  }
  if (args.all && args.job !== null) throw new UsageError("--all lists jobs; it does not go with a job id");
}

async function detail(store: JobStore, job: Job, json: boolean): Promise<void> {
  const [{ readLogTail }, { renderJobDetail, summariseLog }, { limitsOrDefaults }] = await Promise.all([import("../jobs/log.ts"), import("../render/status.ts"), import("../jobs/limits.ts")]);
  const logTail = summariseLog(readLogTail(job.logPath));
  // Rows from an older cc have no limits stored: their worker applies the defaults. A request that
  // does not parse must not hide the rest of the detail.
  let limits: RunLimits | undefined;
  try {
    limits = limitsOrDefaults(store.request(job.id).limits);
  } catch {
    limits = undefined;
  }
  const [{ MessageStore }, { parkedQuestion }, conversation] = await Promise.all([import("../jobs/messages.ts"), import("../jobs/ask-back.ts"), import("../render/conversation.ts")]);
  const messages = new MessageStore(store).of(job.id);
  const question = job.status === "needs-input" ? parkedQuestion(job.resultText) : null;
  if (json) printJson({ job, logTail, limits: limits ?? null, question, conversation: conversation.conversationJson(messages, isActive(job.status)) });
  else {
    const lines = conversation.conversationDetail(job, messages, question, hintStyle(), isActive(job.status));
    print(renderJobDetail(job, { logTail, style: hintStyle(), ...(limits ? { limits } : {}), conversation: lines }));
  }
}

async function waitForEnd(store: JobStore, job: Job, timeoutMs: number, pollMs: number): Promise<{ job: Job; timedOut: boolean }> {
  const deadline = timeoutMs === 0 ? Infinity : Date.now() + timeoutMs;
  let current = job;
  while (isActive(current.status)) {
    if (Date.now() >= deadline) return { job: current, timedOut: true };
    await Bun.sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
    reconcile(store);
    current = store.get(job.id) ?? current;
  }
  return { job: current, timedOut: false };
}

async function list(store: JobStore, ws: Workspace, all: boolean, json: boolean): Promise<void> {
  const filter: JobFilter = all ? { workspaceRoot: ws.root, codexSession: null } : defaultJobFilter(ws);
  const limit = all ? -1 : LIST_LIMIT;
  const listed = store.list(filter, limit);
  const total = all ? listed.length : store.count(filter);
  // How many messages each job got, in its summary: `… · 2 follow-ups`.
  const counts = new (await import("../jobs/messages.ts")).MessageStore(store).counts(listed.map((j) => j.id));
  if (json) return printJson({ workspaceRoot: ws.root, codexSession: filter.codexSession, jobs: listed.map((j) => ({ ...j, followUps: counts.get(j.id) ?? 0 })), hidden: total - listed.length });
  const jobs = listed.map((j) => (counts.get(j.id) ? { ...j, summary: `${j.summary} · ${counts.get(j.id)} follow-up${counts.get(j.id) === 1 ? "" : "s"}` } : j));
  const [{ renderJobList, renderUnreadElsewhere }, { unreadElsewhere }] = await Promise.all([import("../render/status.ts"), import("../jobs/unread.ts")]);
  const title = filter.codexSession ? "Jobs of this Codex session" : `Jobs in ${ws.root}`;
  const style = hintStyle();
  const others = filter.codexSession ? unreadElsewhere(store, ws.root, filter.codexSession) : null;
  const elsewhere = others?.newest ? renderUnreadElsewhere(others.count, others.newest.id, style) : null;
  print(renderJobList(jobs, { title, hidden: total - jobs.length, style, elsewhere }));
}

async function prune(store: JobStore, ws: Workspace, olderThan: string, json: boolean): Promise<void> {
  const age = parseDuration(olderThan, "--older-than");
  const removed = store.prune({ workspaceRoot: ws.root }, Date.now() - age);
  for (const { logPath } of removed) rmSync(logPath, { force: true });
  // Each kind cleans up what it kept outside the store (a rescue's snapshot refs).
  await (await import("../kinds.ts")).cleanUpPruned(removed);
  if (json) return printJson({ removed: removed.map((r) => r.id) });
  print(removed.length ? `Removed ${removed.length} finished, read job${removed.length === 1 ? "" : "s"}: ${removed.map((r) => r.id).join(", ")}\n` : "No finished, read jobs that old; nothing removed.\n");
}

async function status(args: StatusArgs): Promise<ExitCodeValue> {
  validate(args);
  const timeoutMs =
    args.timeoutMs !== null ? milliseconds(args.timeoutMs, "--timeout-ms") : args.timeout === null ? DEFAULT_WAIT_MS : parseDuration(args.timeout, "--timeout");
  const pollMs = args.pollIntervalMs === null ? WAIT_POLL_MS : Math.max(MIN_POLL_MS, milliseconds(args.pollIntervalMs, "--poll-interval-ms"));
  const ws = currentWorkspace();
  const store = openReconciledStore();
  if (args.prune) {
    await prune(store, ws, args.olderThan!, args.json);
    return ExitCode.ok;
  }
  if (args.job === null && !args.wait) {
    await list(store, ws, args.all, args.json);
    return ExitCode.ok;
  }
  const job = args.job !== null ? resolveJob(store, args.job, ws) : soleActiveJob(store, defaultJobFilter(ws), "wait for");
  if (!args.wait) {
    await detail(store, job, args.json);
    return ExitCode.ok;
  }
  const waited = await waitForEnd(store, job, timeoutMs, pollMs);
  await detail(store, waited.job, args.json);
  if (waited.timedOut) {
    process.stderr.write(`cc: ${job.id} is still ${waited.job.status} after ${args.timeout ?? (args.timeoutMs !== null ? `${timeoutMs} ms` : "5m")}; ${ccHint("status", job.id, "--wait")} waits again.\n`);
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
    "timeout-ms": { type: "string", description: "With --wait: the same in milliseconds (cc-plugin-codex's spelling)" },
    "poll-interval-ms": { type: "string", description: "With --wait: how often to look, in milliseconds (default 250, at least 100)" },
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
      timeoutMs: args["timeout-ms"] ?? null,
      pollIntervalMs: args["poll-interval-ms"] ?? null,
      json: Boolean(args.json),
      prune: Boolean(args.prune),
      olderThan: args["older-than"] ?? null,
    });
  },
});
