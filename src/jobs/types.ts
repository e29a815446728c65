/**
 * What a job is, as the rest of cc sees it. Rows read from SQLite are parsed with zod (`jobFromRow`),
 * so a row written by a newer or broken cc fails with a message instead of misbehaving.
 */
import { z } from "zod";
import { EFFORTS, PROFILE_NAMES } from "../claude/types.ts";
import { runLimitsSchema } from "./limits.ts";

export const JOB_KINDS = ["review", "adversarial-review", "rescue", "gate"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATUSES = ["queued", "running", "completed", "failed", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const ACTIVE_STATUSES = ["queued", "running"] as const satisfies readonly JobStatus[];
export const FINISHED_STATUSES = ["completed", "failed", "cancelled"] as const satisfies readonly JobStatus[];
export type FinishedStatus = (typeof FINISHED_STATUSES)[number];
export const isActive = (status: JobStatus): boolean => (ACTIVE_STATUSES as readonly JobStatus[]).includes(status);
/** A status list as SQL (`'queued','running'`): the statuses are spelled once, here. */
export const sqlStatuses = (statuses: readonly JobStatus[]): string => statuses.map((s) => `'${s}'`).join(",");

/** Live progress kept in the row while Claude works: what `cc status` shows for a running job. */
const progressSchema = z.object({
  /** Short description of the tool Claude is running now (`Read src/x.ts`), null between tools. */
  currentTool: z.string().nullable(),
  /** Tools Claude has started so far. */
  toolCalls: z.number().int().nonnegative(),
  /** Assistant turns seen so far (text or tool use). */
  turns: z.number().int().nonnegative(),
  /** Last line of text Claude wrote, trimmed to one line. */
  lastText: z.string().nullable(),
  /** API retries Claude reported. */
  retries: z.number().int().nonnegative(),
  /** When Claude last sent an event (ms): what the inactivity watchdog measures. */
  lastEventAt: z.number().int().nullable().optional(),
});
export type JobProgress = z.infer<typeof progressSchema>;
export const emptyProgress = (): JobProgress => ({ currentTool: null, toolCalls: 0, turns: 0, lastText: null, retries: 0 });

/** The ClaudeRunRequest fields a job stores so its worker can run it in another process. */
export const jobRequestSchema = z.object({
  prompt: z.string(),
  cwd: z.string().min(1),
  profile: z.enum(PROFILE_NAMES),
  model: z.string().min(1).optional(),
  effort: z.enum(EFFORTS).optional(),
  jsonSchema: z.record(z.string(), z.unknown()).optional(),
  resumeSessionId: z.string().min(1).optional(),
  fallbackModel: z.string().min(1).optional(),
  maxTurns: z.number().int().positive().optional(),
  maxBudgetUsd: z.number().positive().optional(),
  sandbox: z.object({ network: z.array(z.string()), denyWrite: z.array(z.string()), allowWrite: z.array(z.string()).optional(), readOnlyWorkspace: z.string().optional() }).optional(),
  /** The watchdog's limits (src/jobs/limits.ts); absent in rows from older cc: the defaults apply. */
  limits: runLimitsSchema.optional(),
});
export type JobRequest = z.infer<typeof jobRequestSchema>;

const int = z.number().int();
const json = <T extends z.ZodTypeAny>(schema: T) =>
  z
    .string()
    .nullable()
    .transform((text, ctx) => {
      if (text === null) return null;
      try {
        return schema.parse(JSON.parse(text)) as z.infer<T>;
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `invalid JSON column: ${(error as Error).message.split("\n")[0]}` });
        return z.NEVER;
      }
    });

/** One row of the `jobs` table (snake_case) → the Job object the code uses. */
const jobRowObject = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS),
  status: z.enum(JOB_STATUSES),
  workspace_root: z.string(),
  cwd: z.string(),
  codex_session: z.string().nullable(),
  created_at: int,
  started_at: int.nullable(),
  finished_at: int.nullable(),
  heartbeat_at: int.nullable(),
  worker_pid: int.nullable(),
  worker_start: z.string().nullable(),
  claude_pid: int.nullable(),
  claude_start: z.string().nullable(),
  run_marker: z.string().nullable(),
  claude_session: z.string().nullable(),
  model: z.string().nullable(),
  effort: z.string().nullable(),
  profile: z.string(),
  summary: z.string(),
  progress: json(progressSchema),
  result_text: z.string().nullable(),
  result_json: json(z.unknown()),
  extra_json: json(z.unknown()),
  meta_json: json(z.unknown()),
  cost_usd: z.number().nullable(),
  input_tokens: int.nullable(),
  output_tokens: int.nullable(),
  turns: int.nullable(),
  error_class: z.string().nullable(),
  error_message: z.string().nullable(),
  resume_command: z.string().nullable(),
  cancel_requested_at: int.nullable(),
  read_at: int.nullable(),
  log_path: z.string(),
});

export const jobRowSchema = jobRowObject.transform((r) => ({
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
}));

export type Job = z.infer<typeof jobRowSchema>;

const BIG_COLUMNS = new Set(["result_text", "result_json", "extra_json", "meta_json"]);
/** Every column of a Job. */
export const JOB_COLUMNS = Object.keys(jobRowObject.shape).join(", ");
/** Columns of a listing: the big ones (result text, structured output) read as NULL. */
export const LIST_COLUMNS = Object.keys(jobRowObject.shape)
  .map((c) => (BIG_COLUMNS.has(c) ? `NULL AS ${c}` : c))
  .join(", ");
