/** `cc status`: the list, one job's detail, `--wait`, and `--prune`. */

import { rmSync } from "node:fs";
import { defineCommand } from "citty";
import { withDatabaseErrors } from "../jobs/db.ts";
import type { RunLimits } from "../jobs/limits.ts";
import { defaultJobFilter, openReconciledStore, resolveJob, soleActiveJob } from "../jobs/lookup.ts";
import { reconcile } from "../jobs/reconcile.ts";
import type { JobFilter, JobStore } from "../jobs/store.ts";
import { isActive, type Job, type JobListing } from "../jobs/types.ts";
import { parseDuration } from "../lib/duration.ts";
import { shownInput, UsageError } from "../lib/errors.ts";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";
import { ccHint, hintStyle } from "../lib/invocation.ts";
import { writeOut } from "../lib/stdout.ts";
import { currentWorkspace, type Workspace } from "../lib/workspace.ts";
import { formatElapsed } from "../render/format.ts";
import { LIST_LIMIT, statusListText, withFollowUps } from "./_status-list.ts";
import { commandMeta } from "./meta.ts";

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

const DEFAULT_WAIT_MS = 300_000;
const WAIT_POLL_MS = 250;
/** A floor for --poll-interval-ms: polling the store faster only costs CPU. */
const MIN_POLL_MS = 100;

function milliseconds(raw: string, flag: string): number {
  if (!/^\d{1,10}$/.test(raw.trim())) throw new UsageError(`${flag} "${shownInput(raw)}" is not a number of milliseconds`, `For example ${flag} 60000.`);
  return Number(raw.trim());
}

const print = (text: string): void => writeOut(text);
const printJson = (value: unknown): void => void print(`${JSON.stringify(value, null, 2)}\n`);

function validate(args: StatusArgs): void {
  if (args.prune) {
    if (args.olderThan === null)
      throw new UsageError(
        "--prune needs --older-than",
        `For example ${ccHint("status", "--prune", "--older-than", "7d")} deletes finished jobs you have read that ended over a week ago.`,
      );
    if (args.job !== null || args.wait) throw new UsageError("--prune cannot be combined with a job id or --wait");
  } else if (args.olderThan !== null) throw new UsageError("--older-than only goes with --prune");
  if (args.timeout !== null && !args.wait) throw new UsageError("--timeout only goes with --wait");
  if (args.timeout !== null && args.timeoutMs !== null) throw new UsageError("--timeout and --timeout-ms say the same thing", "Pass one of them.");
  // cc-plugin-codex ignores these without --wait; say so instead of failing a habit.
  for (const [flag, value] of [
    ["--timeout-ms", args.timeoutMs],
    ["--poll-interval-ms", args.pollIntervalMs],
  ] as const) {
    if (value !== null && !args.wait) process.stderr.write(`cc: ${flag} only applies with --wait; ignored.\n`);
  }
  if (args.all && args.job !== null) throw new UsageError("--all lists jobs; it does not go with a job id");
}

async function detail(store: JobStore, job: Job, json: boolean): Promise<void> {
  const [{ readLogTail }, { renderJobDetail, summariseLog }, { limitsOrDefaults }] = await Promise.all([
    import("../jobs/log.ts"),
    import("../render/status.ts"),
    import("../jobs/limits.ts"),
  ]);
  const logTail = summariseLog(readLogTail(job.logPath));
  // Rows from an older cc have no limits stored: their worker applies the defaults. A request that
  // does not parse must not hide the rest of the detail.
  let limits: RunLimits | undefined;
  try {
    limits = limitsOrDefaults(store.request(job.id).limits);
  } catch {
    limits = undefined;
  }
  const [{ MessageStore }, { parkedQuestion }, conversation] = await Promise.all([
    import("../jobs/messages.ts"),
    import("../jobs/ask-back.ts"),
    import("../render/conversation.ts"),
  ]);
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

/**
 * `--wait` with no job named and nothing active: the job of this session that ended last and is
 * still unread (a background job that finished before the wait began), or null.
 */
function justEnded(store: JobStore, ws: Workspace): Job | null {
  const jobs = store.list(defaultJobFilter(ws), LIST_LIMIT);
  if (jobs.some((j) => isActive(j.status))) return null;
  return jobs.find((j) => j.readAt === null && j.kind !== "gate") ?? null;
}

/** The user has just been told this job ended before the wait began: the Stop hook need not say it "finished during this turn". */
async function markShown(store: JobStore, job: Job): Promise<void> {
  const { markNoticed } = await import("../jobs/notices.ts");
  markNoticed(store, [job.id], "noticed_at");
}

/** Text goes out in pieces of about this size: `--all` never holds the whole listing. */
const CHUNK_CHARS = 64 * 1024;

/** Collects output and writes its whole lines whenever CHUNK_CHARS have gathered. */
function chunkedWriter(): { write: (text: string) => void; end: () => void } {
  let pending = "";
  return {
    write(text) {
      pending += text;
      if (pending.length < CHUNK_CHARS) return;
      const cut = pending.lastIndexOf("\n") + 1; // writeOut ends what it writes with a newline
      if (cut === 0) return;
      writeOut(pending.slice(0, cut));
      pending = pending.slice(cut);
    },
    end: () => writeOut(pending),
  };
}

function* mapped<T, U>(items: Iterable<T>, fn: (item: T) => U): Generator<U> {
  for (const item of items) yield fn(item);
}

/** `--json`: the object `JSON.stringify(…, null, 2)` would print, one job at a time. */
function streamJson(
  out: ReturnType<typeof chunkedWriter>,
  head: Record<string, unknown>,
  jobs: Iterable<Job>,
  tail: Record<string, unknown>,
  followUps: (job: Job) => number,
): void {
  const fields = (o: Record<string, unknown>) =>
    Object.entries(o).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v, null, 2).replace(/\n/g, "\n  ")}`);
  out.write(`{\n${fields(head).join(",\n")},\n  "jobs": [`);
  let first = true;
  for (const job of jobs) {
    // `{ ...job, followUps }` as text: no second object per row over a long history.
    const text = `${JSON.stringify(job, null, 2).slice(0, -2)},\n  "followUps": ${followUps(job)}\n}`;
    out.write(`${first ? "" : ","}\n    ${text.replace(/\n/g, "\n    ")}`);
    first = false;
  }
  out.write(`${first ? "" : "\n  "}],\n${fields(tail).join(",\n")}\n}\n`);
}

/**
 * The list: this session's newest LIST_LIMIT jobs (the text shared with the quick road,
 * ./_status-list.ts), or with `--all` every job of the workspace, streamed from the store in one read
 * snapshot (one pass for the column widths, one to print), so 100,000 jobs cost no more memory than
 * 10: rows read without the job model (JobStore.listings, .iterate). Listings never read result
 * texts or logs.
 */
async function list(store: JobStore, ws: Workspace, all: boolean, json: boolean): Promise<void> {
  const filter: JobFilter = all ? { workspaceRoot: ws.root, codexSession: null } : defaultJobFilter(ws);
  const out = chunkedWriter();
  const style = hintStyle();
  if (!all && !json) {
    const text = store.snapshot(() =>
      withDatabaseErrors(store.path, () => statusListText(store.db, filter, store.list(filter, LIST_LIMIT), style, Date.now())),
    );
    out.write(text);
  } else {
    // How many messages each job got (`cc steer`): `followUps` in JSON, `… · 2 follow-ups` in its summary.
    const counts = new (await import("../jobs/messages.ts")).MessageStore(store).allCounts();
    if (json) {
      store.snapshot(() =>
        withDatabaseErrors(store.path, () => {
          const hidden = all ? 0 : Math.max(0, store.count(filter) - LIST_LIMIT);
          const jobs = all ? store.iterate(filter) : store.list(filter, LIST_LIMIT);
          streamJson(out, { workspaceRoot: ws.root, codexSession: filter.codexSession }, jobs, { hidden }, (job) => counts.get(job.id) ?? 0);
        }),
      );
      return out.end();
    }
    const render = await import("../render/job-list.ts");
    const rows = (): Iterable<JobListing> => mapped(store.listings(filter), (job) => withFollowUps(job, counts.get(job.id)));
    const title = `Jobs in ${ws.root}`;
    const now = Date.now();
    store.snapshot(() =>
      withDatabaseErrors(store.path, () => {
        const widths = render.listWidths();
        let shown = 0;
        for (const job of rows()) {
          render.widenTo(widths, render.jobListCells(job, now));
          shown++;
        }
        const opts = { title, hidden: 0, style, elsewhere: null, now };
        if (shown === 0) return out.write(render.renderEmptyList(opts));
        out.write(render.renderListHead(opts, widths));
        for (const job of rows()) out.write(`${render.renderListLine(render.jobListCells(job, now), widths)}\n`);
        out.write(render.renderListFoot(opts));
      }),
    );
  }
  // Rescues holding a worktree are named again below the table, with its size and next step.
  const { jobsWithKindState } = await import("../jobs/kind-state.ts");
  const withWorktree = jobsWithKindState(store.db, filter).flatMap((id) => store.get(id) ?? []);
  if (withWorktree.length) out.write(await (await import("../rescue/worktree-status.ts")).heldWorktreesText(store, withWorktree, style));
  out.end();
}

async function prune(store: JobStore, ws: Workspace, olderThan: string, json: boolean): Promise<void> {
  const age = parseDuration(olderThan, "--older-than");
  const kinds = await import("../kinds.ts");
  // A job holding work the user has not taken (an unapplied worktree) is never pruned.
  const keeps = await kinds.keepsWork(store);
  const kept: string[] = [];
  const removed = store.prune({ workspaceRoot: ws.root }, Date.now() - age, (job) => keeps(job) && kept.push(job.id) > 0);
  for (const { logPath } of removed) rmSync(logPath, { force: true });
  // Each kind cleans up what it kept outside the store (a rescue's snapshot refs and worktree).
  await kinds.cleanUpPruned(removed, store);
  if (json) return printJson({ removed: removed.map((r) => r.id), kept });
  print(
    removed.length
      ? `Removed ${removed.length} finished, read job${removed.length === 1 ? "" : "s"}: ${removed.map((r) => r.id).join(", ")}\n`
      : "No finished, read jobs that old; nothing removed.\n",
  );
  if (kept.length)
    print(
      `Kept ${kept.join(", ")}: ${kept.length === 1 ? "its worktree holds" : "their worktrees hold"} work not applied yet (${ccHint("apply", kept[0]!)} or ${ccHint("discard", kept[0]!)}).\n`,
    );
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
  if (args.job === null && args.wait) {
    const ended = justEnded(store, ws);
    if (ended) {
      const how = ended.status === "completed" ? "finished" : ended.status;
      const ago = formatElapsed(Date.now() - (ended.finishedAt ?? Date.now()));
      if (args.json) printJson({ job: ended, waited: false });
      else
        print(
          `Nothing left to wait for: ${ended.id} (${ended.kind}) ${how} ${ago} ago: ${ended.summary.slice(0, 100)}\nOutput: ${ccHint("result", ended.id)}\n`,
        );
      await markShown(store, ended);
      return ExitCode.ok;
    }
  }
  const job = args.job !== null ? resolveJob(store, args.job, ws) : soleActiveJob(store, defaultJobFilter(ws), "wait for");
  if (!args.wait) {
    await detail(store, job, args.json);
    return ExitCode.ok;
  }
  const waited = await waitForEnd(store, job, timeoutMs, pollMs);
  await detail(store, waited.job, args.json);
  if (waited.timedOut) {
    process.stderr.write(
      `cc: ${job.id} is still ${waited.job.status} after ${args.timeout ?? (args.timeoutMs !== null ? `${timeoutMs} ms` : "5m")}; ${ccHint("status", job.id, "--wait")} waits again.\n`,
    );
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
    // `$cc:status --wait <job> <job> …`: the join of several jobs, as `cc wait` does it.
    if (args.wait && args._.length > 1) {
      process.exitCode = await (await import("./_wait-jobs.ts")).waitForJobs({
        jobs: args._.map(String),
        timeout: args.timeout ?? null,
        json: Boolean(args.json),
      });
      return;
    }
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
