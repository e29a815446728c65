/**
 * The tool table of `cc mcp`: one entry per tool, each a cc command run with `--json`. An entry
 * says what the model may pass (a zod schema, built from the schemas the CLI validates the same
 * values with; its JSON Schema is what `tools/list` shows), how that becomes the command's flags,
 * what the tool does to the workspace (MCP annotations), whether it starts a Claude job (then it
 * runs in the background and the server waits a bounded time for it), and whether the plugin
 * pre-approves it in Codex. A new job tool (apply, discard, steer, wait) is one more entry.
 */
import { z } from "zod";
import { modelSchema } from "../claude/options.ts";
import { EFFORTS } from "../claude/types.ts";
import { JOB_REFERENCE } from "../jobs/ids.ts";
import { DURATION } from "../lib/duration.ts";
import { SCOPES } from "../review/target.ts";

/** MCP tool annotations (hints to the client; Codex runs a `readOnlyHint` tool without asking). */
interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** Longest a tool call waits for its job: under Codex's 300 s tool timeout, with room to answer. */
export const MAX_WAIT_SECONDS = 240;
/** Longest task text passed on the command line (one argument, well below the OS limit). */
const MAX_TASK_CHARS = 100_000;

const cwd = z.string().min(1).max(4096).optional().describe("Directory to work in (default: the session's), inside the workspace");
/** The CLI's own patterns (jobs/ids.ts, lib/duration.ts), as zod for the tools' input schemas; kept out of those hot modules, which load no full zod. */
const jobReferenceSchema = z.string().trim().toLowerCase().regex(JOB_REFERENCE, "is not a job id (job ids look like rescue-k7m2qp; any unique prefix works)");
const durationTextSchema = z.string().trim().regex(DURATION, "is not a duration (90s, 15m, 12h, 7d, 2w)");
const job = jobReferenceSchema.optional().describe("Job id or prefix (default: this session's latest)");
const runShape = {
  cwd,
  model: modelSchema.optional().describe("Claude model or alias (opus, sonnet, haiku)"),
  effort: z.enum(EFFORTS).optional().describe("Reasoning effort"),
  max_time: durationTextSchema.optional().describe("Stop after this long (90s, 20m)"),
  background: z.boolean().optional().describe(`Return the job id at once instead of waiting up to ${MAX_WAIT_SECONDS}s`),
  wait_seconds: z.number().int().min(1).max(MAX_WAIT_SECONDS).optional().describe(`Wait at most this long for the result (default ${MAX_WAIT_SECONDS})`),
};
const reviewShape = {
  ...runShape,
  scope: z.enum(SCOPES).optional().describe("Default auto: the working tree if changed, else the branch"),
  base: z.string().min(1).max(200).optional().describe("Base ref of a branch review (default: origin/HEAD, main…)"),
};

export type ToolInput = Record<string, unknown>;

export interface ToolEntry {
  name: string;
  /** The cc subcommand the tool runs. */
  command: string;
  description: string;
  input: z.ZodObject;
  /** The command's flags and operands for a validated input (`--json` and `--background` are added by the server). */
  argv: (input: ToolInput) => string[];
  annotations: ToolAnnotations;
  /** Starts a Claude job: run with `--background`, then wait for it (bounded) unless `background` is set. */
  job?: true;
  /** Pre-approved in the plugin's server entry: Codex runs it without asking (see the README). */
  approved: boolean;
  /**
   * How long the command may take (default: a minute, what reading the store needs). A tool that
   * blocks (`wait`) passes its own bound, at most MAX_WAIT_SECONDS, in `argv` and sets this above it.
   */
  timeoutMs?: number;
}

/** An entry whose `argv` reads its own schema's output type. */
const entry = <S extends z.ZodObject>(tool: Omit<ToolEntry, "input" | "argv"> & { input: S; argv: (input: z.output<S>) => string[] }): ToolEntry =>
  tool as unknown as ToolEntry;

const flag = (name: string, value: string | undefined): string[] => (value === undefined ? [] : [`--${name}`, value]);
const runFlags = (i: { model?: string; effort?: string; max_time?: string }): string[] => [
  ...flag("model", i.model),
  ...flag("effort", i.effort),
  ...flag("max-time", i.max_time),
];
const jobOperand = (i: { job?: string }): string[] => (i.job === undefined ? [] : [i.job]);

const FINDINGS_NOTE = "Returns the review (verdict, summary, findings, next_steps), or {job, status, kind} while it still runs: then call result.";

export const TOOLS: ToolEntry[] = [
  entry({
    name: "review",
    command: "review",
    description: `Claude Code reviews the changes (working tree, or branch against its base), read-only. ${FINDINGS_NOTE}`,
    input: z.object(reviewShape).strict(),
    argv: (i) => [...flag("scope", i.scope), ...flag("base", i.base), ...runFlags(i)],
    annotations: { title: "Claude review", readOnlyHint: true, openWorldHint: true },
    job: true,
    approved: true,
  }),
  entry({
    name: "adversarial_review",
    command: "adversarial-review",
    description: `Claude Code challenges the changes (design, assumptions, risk), aimed by focus; read-only. ${FINDINGS_NOTE}`,
    input: z.object({ ...reviewShape, focus: z.string().max(2000).optional().describe("What to aim at") }).strict(),
    argv: (i) => [...flag("scope", i.scope), ...flag("base", i.base), ...runFlags(i), ...(i.focus ? ["--", i.focus] : [])],
    annotations: { title: "Claude adversarial review", readOnlyHint: true, openWorldHint: true },
    job: true,
    approved: true,
  }),
  entry({
    name: "rescue",
    command: "rescue",
    description:
      "Hand Claude Code a task (fix, investigate, continue). It edits files unless read_only, in its OS sandbox, after a snapshot (undo: `cc rescue --undo <job>`). Returns text, changedFiles, diffStat, undoCommand, or {job, status, kind} while it still runs: then call result.",
    input: z
      .object({
        task: z.string().max(MAX_TASK_CHARS).optional().describe("The task (required unless resume)"),
        ...runShape,
        read_only: z.boolean().optional().describe("Investigate only: no edits"),
        resume: z.boolean().optional().describe("Continue this session's latest rescue"),
      })
      .strict(),
    // No `network` and no `sandbox: false`: widening the sandbox is the person's decision, made on the command line.
    argv: (i) => [
      ...runFlags(i),
      ...(i.read_only ? ["--read-only"] : []),
      ...(i.resume ? ["--resume"] : []),
      // After `--`: the task is text, even when it starts with a dash.
      ...(i.task ? ["--", i.task] : []),
    ],
    annotations: { title: "Claude rescue", readOnlyHint: false, destructiveHint: true, openWorldHint: true },
    job: true,
    approved: true,
  }),
  entry({
    name: "status",
    command: "status",
    description: "This session's cc jobs (all: the workspace's), or one job's status and log tail.",
    input: z.object({ cwd, job, all: z.boolean().optional().describe("Every job of the workspace") }).strict(),
    argv: (i) => [...(i.all ? ["--all"] : []), ...jobOperand(i)],
    annotations: { title: "cc job status", readOnlyHint: true },
    approved: true,
  }),
  entry({
    name: "result",
    command: "result",
    description: "A finished cc job's full result (review findings, rescue text and changes); marks it read.",
    input: z.object({ cwd, job }).strict(),
    argv: (i) => jobOperand(i),
    annotations: { title: "cc job result", readOnlyHint: true },
    approved: true,
  }),
  entry({
    name: "cancel",
    command: "cancel",
    description: "Cancel a queued or running cc job.",
    input: z.object({ cwd, job }).strict(),
    argv: (i) => jobOperand(i),
    annotations: { title: "Cancel a cc job", readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    approved: true,
  }),
  entry({
    name: "apply",
    command: "apply",
    description:
      "Bring a finished worktree rescue's changes into the working tree (three-way, uncommitted; undo: `cc rescue --undo <job>`). check: only list what would change and every conflict. Refuses on a conflict, changing nothing.",
    input: z
      .object({
        cwd,
        job: jobReferenceSchema.describe("The worktree rescue's job id or prefix"),
        check: z.boolean().optional().describe("Change nothing: list the files and conflicts"),
      })
      .strict(),
    argv: (i) => [...(i.check ? ["--check"] : []), i.job],
    annotations: { title: "Apply a worktree rescue", readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    // Undoable like a rescue, and it refuses rather than overwrite: pre-approved as rescue is.
    approved: true,
  }),
  entry({
    name: "discard",
    command: "discard",
    description: "Remove a worktree rescue's checkout without applying it: its changes are gone.",
    input: z.object({ cwd, job: jobReferenceSchema.describe("The worktree rescue's job id or prefix") }).strict(),
    argv: (i) => [i.job],
    annotations: { title: "Discard a worktree rescue", readOnlyHint: false, destructiveHint: true, idempotentHint: true },
    // Throws Claude's work away for good: the person approves it.
    approved: false,
  }),
  entry({
    name: "steer",
    command: "steer",
    description:
      "Send a message to a cc job: a running one reads it between steps; a finished one (or one waiting for an answer) continues in its Claude session as a new job. Returns the job and what became of the message.",
    input: z
      .object({
        cwd,
        job: jobReferenceSchema.describe("Job id or prefix"),
        message: z.string().min(1).max(MAX_TASK_CHARS).describe("The message for Claude"),
        interrupt: z.boolean().optional().describe("Stop the step in progress to deliver it at once"),
      })
      .strict(),
    // After `--`: the message is text, even when it starts with a dash.
    argv: (i) => [...(i.interrupt ? ["--interrupt"] : []), i.job, "--", i.message],
    annotations: { title: "Steer a cc job", readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    approved: true,
  }),
  entry({
    name: "wait",
    command: "wait",
    description: `Wait until every named cc job ends (at most wait_seconds, default ${MAX_WAIT_SECONDS}); returns each outcome and those still pending.`,
    input: z
      .object({
        cwd,
        jobs: z.array(jobReferenceSchema).min(1).max(20).describe("Job ids or prefixes"),
        wait_seconds: z.number().int().min(1).max(MAX_WAIT_SECONDS).optional().describe(`Give up after this long (default ${MAX_WAIT_SECONDS})`),
      })
      .strict(),
    argv: (i) => ["--timeout", `${i.wait_seconds ?? MAX_WAIT_SECONDS}s`, ...i.jobs],
    annotations: { title: "Wait for cc jobs", readOnlyHint: true },
    approved: true,
    timeoutMs: (MAX_WAIT_SECONDS + 15) * 1000,
  }),
];

export const toolNamed = (name: string): ToolEntry | undefined => TOOLS.find((t) => t.name === name);

/** The tool's input as JSON Schema (draft 2020-12), as `tools/list` shows it. */
export function inputJsonSchema(tool: ToolEntry): Record<string, unknown> {
  const { $schema: _, ...schema } = z.toJSONSchema(tool.input, { io: "input" }) as Record<string, unknown>;
  return schema;
}
