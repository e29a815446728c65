/**
 * `cc rescue`: hand Claude a task (write profile by default), in the foreground or as a background
 * job, optionally continuing an earlier rescue's Claude session.
 */
import { RUN_MARKER_ENV } from "../claude/types.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import type { ExitCodeValue } from "../lib/exit-codes.ts";
import type { RescueMeta } from "./meta.ts";

export interface RescueArgs {
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
  /** false: --no-sandbox (explicit consent to an unsandboxed run). */
  sandbox?: boolean;
  /** Hosts the sandboxed commands may reach, comma-separated. */
  network?: string;
  /** A job id: undo that rescue instead of starting one. */
  undo?: string;
}

const note = (line: string) => process.stderr.write(`cc: ${line}\n`);

function checkFlags(args: RescueArgs): void {
  const resumes = [args.resume && "--resume", args.resumeLast && "--resume-last", args.fresh && "--fresh"].filter(Boolean);
  if (resumes.length > 1) throw new UsageError(`${resumes.join(" and ")} contradict each other`, "Pass one of --resume, --resume-last or --fresh.");
}

export async function rescueCommand(args: RescueArgs): Promise<ExitCodeValue> {
  // Claude's tools inherit the run marker: a rescue asked for from inside a run cc started would
  // be Claude handing work to another Claude, possibly forever.
  if (process.env[RUN_MARKER_ENV]) {
    throw new CcError("cc rescue was started from inside a Claude run that cc launched; a rescue cannot start another rescue", {
      hint: "Do the work in the current Claude session instead.",
    });
  }
  const { assertOneRunMode } = await import("../jobs/deliver.ts");
  if (args.undo !== undefined) return (await import("./undo-command.ts")).undoCommand(args.undo, args.json === true);
  assertOneRunMode(args);
  checkFlags(args);
  const { exitIfSandboxed } = await import("../codex/preflight.ts");
  await exitIfSandboxed();

  const [{ modelAndEffort }, { readTask, stdinWhenPiped }, { currentWorkspace }, { JobStore }] = await Promise.all([
    import("../claude/options.ts"),
    import("./task-input.ts"),
    import("../lib/workspace.ts"),
    import("../jobs/store.ts"),
  ]);
  const choice = modelAndEffort(args, note);
  const resuming = args.resume || args.resumeLast;
  const ws = currentWorkspace();
  // A resumed run may go without new text; stdin is only read when it is the task's sole source.
  const task = await readTask({ words: args.words, promptFile: args.promptFile, cwd: ws.cwd, ...(resuming ? {} : { readStdin: () => stdinWhenPiped() }) });
  if (!task && !resuming) {
    throw new UsageError("no task given", "Pass it as arguments (`cc rescue 'fix the failing test'`), with --prompt-file <path>, on stdin, or continue the last rescue with --resume.");
  }

  const store = new JobStore();
  const { resumeTarget, latestRescue } = await import("./resume.ts");
  const previous = resuming ? resumeTarget(store, ws, args.resumeLast ? "workspace" : "session") : null;
  if (!resuming && !args.fresh) {
    const earlier = latestRescue(store, ws, "session");
    if (earlier && earlier.cwd === ws.cwd) {
      note(`starting a fresh Claude session; to continue rescue ${earlier.id} instead, run \`cc rescue --resume\` (--fresh hides this note)`);
    }
  }

  const [{ takeSnapshot }, { rescuePrompt, continuePrompt }, { decideContainment }, { readConfig }] = await Promise.all([
    import("../lib/tree-snapshot.ts"),
    import("./prompt.ts"),
    import("./containment.ts"),
    import("../lib/config.ts"),
  ]);
  // Sandbox and snapshot are settled before Claude starts: an uncontainable run stops here.
  const contained = decideContainment(args, readConfig(), ws, note);
  const snap = contained.snapshot?.state;
  const before = snap ? { tree: snap.worktree, head: snap.headCommit, reason: snap.reason } : takeSnapshot(ws.cwd);
  const meta: RescueMeta = { before, resumedFrom: previous?.id ?? null, readOnly: args.readOnly === true, snapshot: contained.snapshot, snapshotError: contained.snapshotError, sandboxed: contained.sandbox !== null, network: contained.network };
  const firstLine = (task ?? "").split("\n").find((l) => l.trim()) ?? "";
  const spec = {
    kind: "rescue" as const,
    summary: previous ? `Continue ${previous.id}${firstLine ? `: ${firstLine}` : ""}` : firstLine,
    request: {
      prompt: previous ? continuePrompt(task) : rescuePrompt(task!, ws.root),
      cwd: ws.cwd,
      profile: args.readOnly ? ("read-only" as const) : ("write" as const),
      ...(previous?.claudeSession ? { resumeSessionId: previous.claudeSession } : {}),
      ...(contained.sandbox ? { sandbox: contained.sandbox } : {}),
      ...choice,
    },
    workspace: ws,
    meta,
  };

  const [{ deliverWork }, { rescueJson }, { wantsProgress }] = await Promise.all([
    import("../jobs/deliver.ts"),
    import("../render/rescue.ts"),
    import("../render/progress.ts"),
  ]);
  return deliverWork(spec, { background: args.background === true, json: args.json === true, progress: wantsProgress(args.progress), toJson: rescueJson });
}
