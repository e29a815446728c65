/**
 * What a job is, as the rest of cc sees it. Rows read from SQLite are parsed with zod (`jobFromRow`),
 * so a row written by a newer or broken cc fails with a message instead of misbehaving.
 */

import { EFFORTS, PROFILE_NAMES } from "../claude/types.ts";
import { z } from "../lib/small-zod.ts";
import { runLimitsSchema } from "./limits.ts";
import { JOB_KINDS, JOB_STATUSES } from "./statuses.ts";

export type { EndStatus, JobKind, JobStatus } from "./statuses.ts";
export { ACTIVE_STATUSES, endedWell, FINISHED_STATUSES, isActive, JOB_KINDS, sqlStatuses } from "./statuses.ts";

/** Live progress kept in the row while Claude works: what `cc status` shows for a running job. */
const progressSchema = z.object({
  /** Short description of the tool Claude is running now (`Read src/x.ts`), null between tools. */
  currentTool: z.nullable(z.string()),
  /** Tools Claude has started so far. */
  toolCalls: z.int().check(z.nonnegative()),
  /** Assistant turns seen so far (text or tool use). */
  turns: z.int().check(z.nonnegative()),
  /** Last line of text Claude wrote, trimmed to one line. */
  lastText: z.nullable(z.string()),
  /** API retries Claude reported. */
  retries: z.int().check(z.nonnegative()),
  /** When Claude last sent an event (ms): what the inactivity watchdog measures. */
  lastEventAt: z.optional(z.nullable(z.int())),
});
export type JobProgress = z.infer<typeof progressSchema>;
export const emptyProgress = (): JobProgress => ({ currentTool: null, toolCalls: 0, turns: 0, lastText: null, retries: 0 });

/** The ClaudeRunRequest fields a job stores so its worker can run it in another process. */
export const jobRequestSchema = z.object({
  prompt: z.string(),
  cwd: z.string().check(z.minLength(1)),
  profile: z.enum(PROFILE_NAMES),
  model: z.optional(z.string().check(z.minLength(1))),
  effort: z.optional(z.enum(EFFORTS)),
  jsonSchema: z.optional(z.record(z.string(), z.unknown())),
  resumeSessionId: z.optional(z.string().check(z.minLength(1))),
  fallbackModel: z.optional(z.string().check(z.minLength(1))),
  maxTurns: z.optional(z.int().check(z.positive())),
  maxBudgetUsd: z.optional(z.number().check(z.positive())),
  sandbox: z.optional(
    z.object({
      network: z.array(z.string()),
      denyWrite: z.array(z.string()),
      allowWrite: z.optional(z.array(z.string())),
      readOnlyWorkspace: z.optional(z.string()),
    }),
  ),
  /** The watchdog's limits (src/jobs/limits.ts); absent in rows from older cc: the defaults apply. */
  limits: z.optional(runLimitsSchema),
  /**
   * Run by a command the person is waiting on (`cc rescue` / `cc review` in the foreground), not by a
   * detached worker: when its process vanishes, they stopped it (Esc then /stop in Codex, a closed terminal).
   */
  foreground: z.optional(z.boolean()),
  /** Messages may be sent to the run while it works (`cc steer`): claude reads its input as a conversation. */
  steerable: z.optional(z.boolean()),
});
export type JobRequest = z.infer<typeof jobRequestSchema>;

const int = z.int();
const json = <T extends z.ZodMiniType>(schema: T) =>
  z.pipe(
    z.nullable(z.string()),
    z.transform((text, ctx): z.infer<T> | null => {
      if (text === null) return null;
      try {
        return schema.parse(JSON.parse(text)) as z.infer<T>;
      } catch (error) {
        ctx.issues.push({ code: "custom", message: `invalid JSON column: ${(error as Error).message.split("\n")[0]}`, input: text });
        return z.NEVER;
      }
    }),
  );

/** One row of the `jobs` table (snake_case) → the Job object the code uses. */
const jobRowObject = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS),
  status: z.enum(JOB_STATUSES),
  workspace_root: z.string(),
  cwd: z.string(),
  codex_session: z.nullable(z.string()),
  created_at: int,
  started_at: z.nullable(int),
  finished_at: z.nullable(int),
  heartbeat_at: z.nullable(int),
  worker_pid: z.nullable(int),
  worker_start: z.nullable(z.string()),
  claude_pid: z.nullable(int),
  claude_start: z.nullable(z.string()),
  run_marker: z.nullable(z.string()),
  claude_session: z.nullable(z.string()),
  model: z.nullable(z.string()),
  effort: z.nullable(z.string()),
  profile: z.string(),
  summary: z.string(),
  progress: json(progressSchema),
  result_text: z.nullable(z.string()),
  result_json: json(z.unknown()),
  extra_json: json(z.unknown()),
  meta_json: json(z.unknown()),
  cost_usd: z.nullable(z.number()),
  input_tokens: z.nullable(int),
  output_tokens: z.nullable(int),
  turns: z.nullable(int),
  error_class: z.nullable(z.string()),
  error_message: z.nullable(z.string()),
  resume_command: z.nullable(z.string()),
  cancel_requested_at: z.nullable(int),
  read_at: z.nullable(int),
  log_path: z.string(),
});

export const jobRowSchema = z.pipe(
  jobRowObject,
  z.transform((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    workspaceRoot: r.workspace_root,
    cwd: r.cwd,
    codexSession: r.codex_session,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    heartbeatAt: r.heartbeat_at,
    workerPid: r.worker_pid,
    workerStart: r.worker_start,
    claudePid: r.claude_pid,
    claudeStart: r.claude_start,
    runMarker: r.run_marker,
    claudeSession: r.claude_session,
    model: r.model,
    effort: r.effort,
    profile: r.profile,
    summary: r.summary,
    progress: r.progress,
    resultText: r.result_text,
    /** Claude's structured output (`--json-schema` runs), as Claude returned it. */
    structuredOutput: r.result_json,
    /** What the kind's finisher made of the run (a review's validated findings, a rescue's changed files). */
    kindOutput: r.extra_json,
    /** What the command stored for its kind when it created the job (a review's target, a rescue's snapshot). */
    kindInput: r.meta_json,
    costUsd: r.cost_usd,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    turns: r.turns,
    errorClass: r.error_class,
    errorMessage: r.error_message,
    resumeCommand: r.resume_command,
    cancelRequestedAt: r.cancel_requested_at,
    readAt: r.read_at,
    logPath: r.log_path,
  })),
);

export type Job = z.infer<typeof jobRowSchema>;

const BIG_COLUMNS = new Set(["result_text", "result_json", "extra_json", "meta_json"]);
/** Every column of a Job. */
/** What a line of `cc status`'s list shows of a job (src/jobs/listing.ts reads it without the model). */
export type JobListing = Pick<Job, "id" | "kind" | "status" | "summary" | "progress" | "createdAt" | "startedAt" | "finishedAt" | "costUsd" | "readAt">;

export const JOB_COLUMNS = Object.keys(jobRowObject.shape).join(", ");
/** Columns of a listing: the big ones (result text, structured output) read as NULL. */
export const LIST_COLUMNS = Object.keys(jobRowObject.shape)
  .map((c) => (BIG_COLUMNS.has(c) ? `NULL AS ${c}` : c))
  .join(", ");

/** A message sent to a job (`cc steer`), with what became of it (src/jobs/messages.ts). */
export interface JobMessage {
  id: number;
  jobId: string;
  /** "task": not a message but the reply to the job's own task (its first turn); text is "". */
  role: "steer" | "task";
  /** Sent with `--interrupt`: the turn in progress is aborted to take it. */
  interrupt: boolean;
  createdAt: number;
  text: string;
  sentAt: number | null;
  deliveredAt: number | null;
  reply: string | null;
  repliedAt: number | null;
  movedTo: string | null;
  undeliveredAt: number | null;
}
