/**
 * `cc rescue`: hand Claude a task (write profile by default), in the foreground or as a background
 * job, optionally continuing an earlier rescue's Claude session.
 */
import { defineCommand } from "citty";
import { commandMeta } from "./meta.ts";
import { RUN_MARKER_ENV } from "../claude/types.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import type { ExitCodeValue } from "../lib/exit-codes.ts";
import type { RescueJobInput } from "../rescue/job-data.ts";
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
  promptFile?: string;
  json?: boolean;
  progress?: boolean;
}

const note = (line: string) => process.stderr.write(`cc: ${line}\n`);

function checkFlags(args: RescueArgs): void {
  const resumes = [args.resume && "--resume", args.resumeLast && "--resume-last", args.fresh && "--fresh"].filter(Boolean);
  if (resumes.length > 1) throw new UsageError(`${resumes.join(" and ")} contradict each other`, "Pass one of --resume, --resume-last or --fresh.");
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
  // A resumed run may go without new text; stdin is only read when it is the task's sole source.
  const task = await readTask({ words: args.words, promptFile: args.promptFile, cwd: ws.cwd, ...(resuming ? {} : { readStdin: () => stdinWhenPiped() }) });
  if (!task && !resuming) {
    throw new UsageError("no task given", `Pass it as arguments (${ccHint("rescue", "'fix the failing test'")}), with --prompt-file <path>, on stdin, or continue the last rescue with --resume.`);
  }

  const store = new JobStore();
  const { resumeTarget, latestRescue } = await import("../rescue/resume.ts");
  const previous = resuming ? resumeTarget(store, ws, args.resumeLast ? "workspace" : "session") : null;
  // Said in the result's footer, not up front: a note before the run lands in the middle of Codex's output.
  const earlier = !resuming && !args.fresh ? latestRescue(store, ws, "session") : null;
  const continuable = earlier && earlier.cwd === ws.cwd ? earlier.id : null;

  const [{ takeSnapshot }, { rescuePrompt, continuePrompt }] = await Promise.all([import("../lib/tree-snapshot.ts"), import("../rescue/prompt.ts")]);
  const kindInput: RescueJobInput = { before: takeSnapshot(ws.cwd), resumedFrom: previous?.id ?? null, readOnly: args.readOnly === true, continuable };
  const firstLine = (task ?? "").split("\n").find((l) => l.trim()) ?? "";
  const spec = {
    kind: "rescue" as const,
    summary: previous ? `Continue ${previous.id}${firstLine ? `: ${firstLine}` : ""}` : firstLine,
    request: {
      prompt: previous ? continuePrompt(task) : rescuePrompt(task!, ws.root),
      cwd: ws.cwd,
      profile: args.readOnly ? ("read-only" as const) : ("write" as const),
      ...(previous?.claudeSession ? { resumeSessionId: previous.claudeSession } : {}),
      ...choice,
    },
    workspace: ws,
    kindInput,
  };

  const [{ deliverJob }, { wantsProgress }] = await Promise.all([import("./_deliver.ts"), import("./_progress.ts")]);
  return deliverJob(spec, { background: args.background === true, json: args.json === true, progress: wantsProgress(args.progress) });
}

export default defineCommand({
  meta: commandMeta("rescue"),
  args: {
    ...claudeRunArgs,
    resume: { type: "boolean", description: "Continue the latest rescue of this Codex session and workspace (from the directory it ran in)" },
    "resume-last": { type: "boolean", description: "Continue the latest rescue of this workspace, from any session" },
    fresh: { type: "boolean", description: "Start a new Claude session (the default; also hides the note about a resumable rescue)" },
    "read-only": { type: "boolean", description: "Investigate only: Claude may read and run read-only commands, not edit" },
    "prompt-file": { type: "string", description: "Read the task from this file instead of the arguments" },
  },
  async run({ args }) {
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
      promptFile: args["prompt-file"],
      json: args.json,
      progress: args.progress,
    });
  },
});
