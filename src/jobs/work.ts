/**
 * THE WORK API — how `cc review`, `cc adversarial-review`, `cc rescue` and the stop gate run Claude
 * as a tracked job.
 *
 *   const spec: WorkSpec = { kind, summary, request: { prompt, cwd, profile, model?, effort?,
 *                            jsonSchema?, resumeSessionId? }, workspace: currentWorkspace(), meta? };
 *   const job = await runForeground(spec, { progress: true });   // finished Job; Ctrl-C → cancelled
 *   const job = await launchBackground(spec);                    // queued Job, returns at once
 *   process.stdout.write(await renderJobResult(job));            // src/render/results.ts
 *   process.exitCode = jobExitCode(job);
 *
 * - Both insert a row first, so every run is visible in `cc status` and its Claude session id is
 *   recorded the moment claude starts (a killed run can always be resumed).
 * - `request` is stored in the row (the background worker runs it in another process): JSON only, no
 *   callbacks. `meta` is a kind-specific JSON blob the kind's finisher and renderer read back (e.g.
 *   rescue's working-tree snapshot taken before the run, a review's target label).
 * - Kind-specific work at the end of a run goes in a finisher (src/jobs/finishers.ts); kind-specific
 *   output in a renderer (src/render/results.ts). Both have a generic default.
 * - Background: a detached `cc worker <id>` in its own session (it survives Codex killing the
 *   command's process group), stdout/stderr appended to the job's log.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";
import { CcError } from "../lib/errors.ts";
import { selfCommand } from "../lib/self.ts";
import type { Workspace } from "../lib/workspace.ts";
import { executeJob, type ExecuteOptions } from "./execute.ts";
import { JobStore } from "./store.ts";
import { jobRequestSchema, type Job, type JobKind, type JobRequest } from "./types.ts";

export interface WorkSpec {
  kind: JobKind;
  /** One line for `cc status` (e.g. "Review of the working tree", the task's first words). */
  summary: string;
  request: JobRequest;
  workspace: Workspace;
  meta?: unknown;
}

export type ForegroundOptions = ExecuteOptions;

function insert(store: JobStore, spec: WorkSpec): Job {
  const request = jobRequestSchema.safeParse(spec.request);
  if (!request.success) {
    const issue = request.error.issues[0]!;
    throw new CcError(`invalid ${spec.kind} request: ${issue.path.join(".")}: ${issue.message}`);
  }
  const summary = spec.summary.replace(/\s+/g, " ").trim().slice(0, 160) || spec.kind;
  return store.insert({
    kind: spec.kind,
    summary,
    workspaceRoot: spec.workspace.root,
    cwd: spec.workspace.cwd,
    codexSession: spec.workspace.codexSession,
    request: request.data,
    meta: spec.meta,
  });
}

function ensureLogDir(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
}

/** Run the work here and now, tracked as a job. Resolves with the finished job. */
export async function runForeground(spec: WorkSpec, opts: ForegroundOptions = {}): Promise<Job> {
  const store = new JobStore();
  const job = insert(store, spec);
  ensureLogDir(job.logPath);
  const finished = await executeJob(store, job.id, opts);
  return finished ?? store.get(job.id) ?? job;
}

/** Queue the work and start a detached worker for it. Resolves with the queued job, at once. */
export async function launchBackground(spec: WorkSpec): Promise<Job> {
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
      env: process.env,
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once("spawn", () => resolve(child.pid!));
      child.once("error", reject);
    });
    child.unref();
    store.setLauncherPid(job.id, pid);
  } catch (error) {
    const message = `could not start the background worker: ${(error as Error).message}`;
    store.finish(job.id, ["queued"], "failed", { errorClass: "launch_failed", errorMessage: message });
    throw new CcError(message, { hint: "Run the same command without --background to run it in the foreground." });
  } finally {
    closeSync(log);
  }
  return store.get(job.id) ?? job;
}

/** The exit code a command that ran (or shows) this job ends with. */
export function jobExitCode(job: Job): ExitCodeValue {
  if (job.status === "completed") return ExitCode.ok;
  if (job.status === "cancelled") return ExitCode.cancelled;
  if (job.status === "failed") return job.errorClass === "setup" ? ExitCode.failure : ExitCode.claudeFailed;
  return ExitCode.ok;
}
