/**
 * `cc rescue`: hand Claude a task (write profile by default), in the foreground or as a background
 * job, optionally continuing an earlier rescue's Claude session.
 */
import { defineCommand, type ArgsDef } from "citty";
import { commandMeta } from "./meta.ts";
import { RUN_MARKER_ENV } from "../claude/types.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import type { ExitCodeValue } from "../lib/exit-codes.ts";
import type { RescueJobInput } from "../contracts/rescue-job.ts";
import type { ResumeChoice } from "../rescue/resume.ts";
import { resumeWord, type ResumeWord } from "./_resume-arg.ts";
import { claudeRunArgs } from "./_shared-args.ts";
import { ccHint } from "../lib/invocation.ts";

interface RescueArgs {
  words: string[];
  background?: boolean;
  wait?: boolean;
  resume?: boolean;
  resumeLast?: boolean;
  fresh?: boolean;
  model?: string;
  effort?: string;
  readOnly?: boolean;
  /** cc-plugin-codex's --write: the default profile, spelled out. */
  write?: boolean;
  promptFile?: string;
  json?: boolean;
  progress?: boolean;
  /** false: --no-sandbox (explicit consent to an unsandboxed run). */
  sandbox?: boolean;
  /** Hosts the sandboxed commands may reach, comma-separated. */
  network?: string;
  /** A job id: undo that rescue instead of starting one. */
  undo?: string;
  quietProgress?: boolean;
  maxTime?: string;
  /** What followed `--resume`, when it may name the rescue to continue (commands/_resume-arg.ts). */
  resumeWord: ResumeWord | null;
}

const note = (line: string) => process.stderr.write(`cc: ${line}\n`);

function checkFlags(args: RescueArgs): void {
  const resumes = [args.resume && "--resume", args.resumeLast && "--resume-last", args.fresh && "--fresh"].filter(Boolean);
  if (resumes.length > 1) throw new UsageError(`${resumes.join(" and ")} contradict each other`, "Pass one of --resume, --resume-last or --fresh.");
  if (args.write && args.readOnly) throw new UsageError("--write and --read-only contradict each other", "Pass one of them (the default is --write: Claude may edit files).");
}

async function rescue(args: RescueArgs): Promise<ExitCodeValue> {
  // Claude's tools inherit the run marker: a rescue asked for from inside a run cc started would
  // be Claude handing work to another Claude, possibly forever.
  if (process.env[RUN_MARKER_ENV]) {
    throw new CcError("cc rescue was started from inside a Claude run that cc launched; a rescue cannot start another rescue", {
      hint: "Do the work in the current Claude session instead.",
    });
  }
  const { assertOneRunMode } = await import("./_deliver.ts");
  if (args.undo !== undefined) return (await import("../rescue/undo-command.ts")).undoCommand(args.undo, args.json === true);
  assertOneRunMode(args);
  checkFlags(args);

  const [{ modelAndEffort }, { readTask, stdinWhenPiped }, { currentWorkspace }, { JobStore }] = await Promise.all([
    import("../claude/options.ts"),
    import("../rescue/task-input.ts"),
    import("../lib/workspace.ts"),
    import("../jobs/store.ts"),
  ]);
  const choice = modelAndEffort(args, note);
  const resuming = args.resume || args.resumeLast;
  const ws = currentWorkspace();
  const store = new JobStore();
  const resume = await import("../rescue/resume.ts");
  // `--resume <id>`: the word names the rescue when it matches one; see commands/_resume-arg.ts.
  let words = args.words;
  let previous: ResumeChoice | null = null;
  if (args.resume && args.resumeWord) {
    const { ref, wordIndex, explicit } = args.resumeWord;
    previous = resume.explicitResumeTarget(store, ws, ref);
    if (!previous) {
      throw new UsageError(
        `no rescue or Claude session "${ref}" to continue in ${ws.cwd}`,
        explicit ? "`cc status --all` lists this workspace's rescues." : `\`cc status --all\` lists this workspace's rescues; to send "${ref}" to Claude as text, write \`cc rescue --resume -- ${ref} …\`.`,
      );
    }
    if (wordIndex !== null) words = words.filter((_, i) => i !== wordIndex);
  }
  // A resumed run may go without new text; stdin is only read when it is the task's sole source.
  const task = await readTask({ words, promptFile: args.promptFile, cwd: ws.cwd, ...(resuming ? {} : { readStdin: () => stdinWhenPiped() }) });
  if (!task && !resuming) {
    throw new UsageError("no task given", `Pass it as arguments (${ccHint("rescue", "'fix the failing test'")}), with --prompt-file <path>, on stdin, or continue the last rescue with --resume.`);
  }

  previous ??= resuming ? resume.resumeTarget(store, ws, args.resumeLast ? "workspace" : "session") : null;
  if (previous?.note) note(previous.note);
  // Said in the result's footer, not up front: a note before the run lands in the middle of Codex's output.
  const earlier = !resuming && !args.fresh ? resume.latestRescue(store, ws, "session") : null;
  const continuable = earlier && earlier.cwd === ws.cwd ? earlier.id : null;

  const [{ takeSnapshot }, { rescuePrompt, continuePrompt }, { decideContainment }, { readConfig }, { resolveLimits }] = await Promise.all([
    import("../lib/tree-snapshot.ts"),
    import("../rescue/prompt.ts"),
    import("../rescue/containment.ts"),
    import("../lib/config.ts"),
    import("../jobs/limits.ts"),
  ]);
  const config = readConfig();
  const previousId = previous ? (previous.job?.id ?? previous.claudeSession) : null;
  // Sandbox and snapshot are settled before Claude starts: an uncontainable run stops here.
  const contained = decideContainment(args, config, ws, note);
  const snap = contained.snapshot?.state;
  const before = snap ? { tree: snap.worktree, head: snap.headCommit, reason: snap.reason } : takeSnapshot(ws.cwd);
  const kindInput: RescueJobInput = {
    before,
    resumedFrom: previous?.job?.id ?? null,
    readOnly: args.readOnly === true,
    snapshot: contained.snapshot,
    snapshotError: contained.snapshotError,
    sandboxed: contained.sandbox !== null,
    network: contained.network,
    continuable,
  };
  const firstLine = (task ?? "").split("\n").find((l) => l.trim()) ?? "";
  const spec = {
    kind: "rescue" as const,
    summary: previous ? `Continue ${previousId}${firstLine ? `: ${firstLine}` : ""}` : firstLine,
    request: {
      prompt: previous ? continuePrompt(task) : rescuePrompt(task!, ws.root),
      cwd: ws.cwd,
      // Read-only investigation may look things up on the web; reviews never get that profile.
      profile: args.readOnly ? ("read-only-web" as const) : ("write" as const),
      ...(previous ? { resumeSessionId: previous.claudeSession } : {}),
      limits: resolveLimits({ maxTime: args.maxTime, config }),
      ...(contained.sandbox ? { sandbox: contained.sandbox } : {}),
      ...choice,
    },
    workspace: ws,
    kindInput,
  };

  // Neither flag: the foreground, unless rescueInBackground is set in config.json.
  const background = args.background === true || (!args.wait && config.rescueInBackground === true);
  const [{ deliverJob }, { wantsProgress }] = await Promise.all([import("./_deliver.ts"), import("./_progress.ts")]);
  return deliverJob(spec, { background, json: args.json === true, progress: wantsProgress(args.quietProgress ? false : args.progress) });
}

const rescueArgs = {
  task: { type: "positional", required: false, description: "The task for Claude (one argument is used byte for byte; or --prompt-file, or stdin)" },
  ...claudeRunArgs,
  wait: { type: "boolean", description: "Run in the foreground and wait for the result (the default, unless rescueInBackground is set in config.json)" },
  resume: {
    type: "boolean",
    description: "Continue the latest rescue of this Codex session (else of this workspace); `--resume <rescue id | Claude session id>` continues that one",
  },
  "resume-last": { type: "boolean", description: "Continue the latest rescue of this workspace, from any session" },
  fresh: { type: "boolean", description: "Start a new Claude session (the default; also hides the note about a resumable rescue)" },
  "read-only": { type: "boolean", description: "Investigate only: Claude may read, run read-only commands and search the web, not edit" },
  write: { type: "boolean", description: "Let Claude edit files: the default, accepted as cc-plugin-codex spells it" },
  "prompt-file": { type: "string", description: "Read the task from this file instead of the arguments" },
  sandbox: { type: "boolean", description: "Run Claude's commands in Claude Code's OS sandbox (--no-sandbox: explicit consent to run without it)" },
  network: { type: "string", description: "Hosts the sandboxed commands may reach, comma-separated (registry.npmjs.org,*.pypi.org; * for any)" },
  undo: { type: "string", description: "Undo rescue <job>: restore the files, index, HEAD, branches, tags and stash it started from" },
} as const satisfies ArgsDef;

export default defineCommand({
  meta: commandMeta("rescue"),
  args: rescueArgs,
  async run({ args, rawArgs }) {
    const { looksLikeResumeReference } = await import("../rescue/resume.ts");
    process.exitCode = await rescue({
      words: args._.map(String),
      background: args.background,
      wait: args.wait,
      resume: args.resume,
      resumeLast: args["resume-last"],
      fresh: args.fresh,
      model: args.model,
      effort: args.effort,
      readOnly: args["read-only"],
      write: args.write,
      promptFile: args["prompt-file"],
      json: args.json,
      progress: args.progress,
      ...(args.sandbox !== undefined ? { sandbox: Boolean(args.sandbox) } : {}),
      ...(args.network !== undefined ? { network: args.network } : {}),
      ...(args.undo !== undefined ? { undo: args.undo } : {}),
      quietProgress: args["quiet-progress"],
      maxTime: args["max-time"],
      resumeWord: resumeWord(rawArgs, rescueArgs, looksLikeResumeReference),
    });
  },
});
