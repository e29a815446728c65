/**
 * The hooks' words about finished background jobs: a short pointer for the model (never the result
 * itself: the user decides whether to open it) and one line for the user.
 */
import type { Job } from "../jobs/types.ts";

const MAX_LISTED = 3;
const oneLine = (text: string, max = 120) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
const outcome = (job: Job) => (job.status === "completed" ? "finished" : job.status);
/** The questions of parked (`needs-input`) jobs, by job id. */
type Questions = ReadonlyMap<string, string>;
/** What the hooks know about the jobs beyond their rows: which wait in a worktree for `$cc:apply`, which ask the user something. */
export interface JobNotes {
  toApply?: ReadonlySet<string>;
  questions?: Questions;
}
const applyNote = (job: Job, toApply: ReadonlySet<string>) => (toApply.has(job.id) ? `; its changes wait in a worktree until \`$cc:apply ${job.id}\`` : "");

function listed(jobs: Job[], line: (job: Job) => string): string[] {
  const lines = jobs.slice(0, MAX_LISTED).map(line);
  if (jobs.length > MAX_LISTED) lines.push(`- and ${jobs.length - MAX_LISTED} more (\`$cc:status\` lists them)`);
  return lines;
}

/** The model's lines about jobs that ask the user something: the question once, and the answer command. */
function askedLines(jobs: Job[], questions: Questions): string[] {
  const asking = jobs.filter((j) => questions.has(j.id));
  if (asking.length === 0) return [];
  return [
    "",
    ...asking.map((j) => `Job ${j.id} is waiting for the user's answer to: "${oneLine(questions.get(j.id)!, 300)}"`),
    `Ask the user that question in one sentence. When they answer, run \`$cc:steer ${asking[0]!.id} <their answer>\` with their words; do not answer it yourself.`,
  ];
}

/** additionalContext for UserPromptSubmit. */
export function renderNudge(jobs: Job[], notes: JobNotes = {}): string {
  const questions = notes.questions ?? new Map<string, string>();
  const ended = jobs.filter((j) => !questions.has(j.id));
  if (ended.length === 0) return askedLines(jobs, questions).slice(1).join("\n");
  return [renderEnded(ended, notes.toApply ?? new Set()), ...askedLines(jobs, questions)].join("\n");
}

function renderEnded(jobs: Job[], toApply: ReadonlySet<string>): string {
  const one = jobs.length === 1;
  return [
    one
      ? "A Claude Code background job started from this Codex session has ended and its result has not been shown yet:"
      : `${jobs.length} Claude Code background jobs started from this Codex session have ended and their results have not been shown yet:`,
    ...listed(jobs, (j) => `- ${j.id} (${j.kind}, ${outcome(j)}): ${oneLine(j.summary)}${applyNote(j, toApply)}`),
    "",
    one
      ? `Mention this to the user in one sentence. Its output is not included here; if they want it, run \`$cc:result ${jobs[0]!.id}\`. If the user's message is already about it, just answer. Do not bring it up again on your own.`
      : "Mention this to the user in one sentence. The outputs are not included here; `$cc:status` lists the jobs and `$cc:result <job-id>` shows one. If the user's message is already about them, just answer. Do not bring them up again on your own.",
  ].join("\n");
}

/** systemMessage: one line naming each job and the command that opens it (or answers its question). */
export function renderFinishedLine(jobs: Job[], when: "now" | "this turn", notes: JobNotes = {}): string {
  const during = when === "this turn" ? " during this turn" : "";
  const questions = notes.questions ?? new Map<string, string>();
  const toApply = notes.toApply ?? new Set<string>();
  const shown = jobs
    .slice(0, MAX_LISTED)
    .map((j) =>
      questions.has(j.id)
        ? `${j.id} (${j.kind}) asks: ${oneLine(questions.get(j.id)!, 160)} — $cc:steer ${j.id} <answer>`
        : `${j.id} (${j.kind}) ${outcome(j)}${during} — $cc:result ${j.id}${toApply.has(j.id) ? `, then $cc:apply ${j.id}` : ""}`,
    );
  const more = jobs.length > MAX_LISTED ? `; ${jobs.length - MAX_LISTED} more: $cc:status` : "";
  return `cc: ${shown.join("; ")}${more}`;
}

export function renderStillRunning(jobs: Job[]): string {
  const ids = jobs
    .slice(0, MAX_LISTED)
    .map((j) => `${j.id} (${j.kind})`)
    .join(", ");
  return `cc: ${jobs.length} Claude Code job${jobs.length === 1 ? " is" : "s are"} still running for this session: ${ids}${jobs.length > MAX_LISTED ? ", …" : ""} — $cc:status`;
}

/** SessionStart of a resumed session whose end cancelled its jobs (sessionEndJobs: "cancel"). */
export function renderCancelledAtEnd(jobs: Job[]): string {
  const shown = jobs
    .slice(0, MAX_LISTED)
    .map((j) => (j.kind === "rescue" && j.claudeSession ? `${j.id} (continue it: $cc:rescue --resume ${j.id})` : `${j.id} (${j.kind})`));
  return `cc: cancelled when this session ended (sessionEndJobs is "cancel"): ${shown.join(", ")}${jobs.length > MAX_LISTED ? ", …" : ""}`;
}
