/**
 * Starting a job — how `cc review`, `cc adversarial-review`, `cc rescue` and the stop gate run
 * Claude as a tracked job. Two ways, one name each:
 *
 *   const job = await runJob(spec, { finisher, onEvent });  // here and now; resolves finished
 *   const job = await launchJob(spec);                       // detached `cc worker`; resolves queued
 *
 * - Both insert a row first, so every run is visible in `cc status` and its Claude session id is
 *   recorded the moment claude starts (a killed run can always be resumed).
 * - `request` is stored in the row (the background worker runs it in another process): JSON only, no
 *   callbacks. `kindInput` is the kind's own JSON its finisher and renderer read back (rescue's
 *   working-tree snapshot taken before the run, a review's target).
 * - Kind-specific work at the end of a run is the kind's finisher, handed in by the caller (the
 *   kind registry in src/kinds.ts): this module knows no kind and prints nothing.
 * - Background: a detached `cc worker <id>` in its own session (it survives Codex killing the
 *   command's process group), stdout/stderr appended to the job's log.
 */
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { workerEnvironment } from "../claude/environment.ts";
import { readConfig } from "../lib/config.ts";
import { CcError } from "../lib/errors.ts";
import { ensurePrivateDir } from "../lib/private-dir.ts";
import { selfCommand } from "../lib/self.ts";
import type { Workspace } from "../lib/workspace.ts";
import { type RunJobOptions, runQueuedJob } from "./run.ts";
import { JobStore } from "./store.ts";
import { type Job, type JobKind, type JobRequest, jobRequestSchema } from "./types.ts";

export interface JobSpec {
  /** Chosen beforehand (src/jobs/ids.ts newJobId) when something is named after the job before it runs. */
  id?: string;
  kind: JobKind;
  /** One line for `cc status` (e.g. "Review of the working tree", the task's first words). */
  summary: string;
  request: JobRequest;
  workspace: Workspace;
  /** The kind's own data for its finisher and renderer (Job.kindInput). */
  kindInput?: unknown;
}

function insert(store: JobStore, spec: JobSpec): Job {
  const request = jobRequestSchema.safeParse(spec.request);
  if (!request.success) {
    const issue = request.error.issues[0]!;
    throw new CcError(`invalid ${spec.kind} request: ${issue.path.join(".")}: ${issue.message}`);
  }
  const summary = spec.summary.replace(/\s+/g, " ").trim().slice(0, 160) || spec.kind;
  return store.insert({
    ...(spec.id ? { id: spec.id } : {}),
    kind: spec.kind,
    summary,
    workspaceRoot: spec.workspace.root,
    cwd: spec.workspace.cwd,
    codexSession: spec.workspace.codexSession,
    request: request.data,
    kindInput: spec.kindInput,
  });
}

function ensureLogDir(path: string): void {
  ensurePrivateDir(dirname(path));
}

/** Run the job here and now. Resolves with the finished job; a termination signal cancels it. */
export async function runJob(spec: JobSpec, opts: RunJobOptions = {}): Promise<Job> {
  const store = new JobStore();
  const job = insert(store, spec);
  ensureLogDir(job.logPath);
  const finished = await runQueuedJob(store, job.id, opts);
  return finished ?? store.get(job.id) ?? job;
}

/** Queue the job and start a detached worker for it. Resolves with the queued job, at once. */
export async function launchJob(spec: JobSpec): Promise<Job> {
  const store = new JobStore();
  const job = insert(store, spec);
  ensureLogDir(job.logPath);
  const log = openSync(job.logPath, "a", 0o600);
  try {
    const [cmd, ...args] = selfCommand();
    const child = spawn(cmd!, [...args, "worker", job.id], {
      cwd: job.cwd,
      detached: true, // setsid: its own session, so Codex's kill of our process group misses it
      stdio: ["ignore", log, log],
      // Only what the job's claude may see, plus cc's own settings (src/claude/environment.ts).
      env: workerEnvironment(process.env, { profile: job.profile === "write" ? "write" : "read-only", pass: readConfig().passEnvironment }),
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once("spawn", () => resolve(child.pid!));
      child.once("error", reject);
    });
    child.unref();
    store.setLauncherPid(job.id, pid);
  } catch (error) {
    const message = `could not start the background worker: ${(error as Error).message}`;
    store.end(job.id, ["queued"], "failed", { errorClass: "launch_failed", errorMessage: message });
    throw new CcError(message, { hint: "Run the same command without --background to run it in the foreground." });
  } finally {
    closeSync(log);
  }
  return store.get(job.id) ?? job;
}
