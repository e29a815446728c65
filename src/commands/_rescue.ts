/**
 * The work of `cc rescue` (hand Claude a task, write profile by default, in the foreground or as a
 * background job, optionally continuing an earlier rescue's Claude session), shared with `cc steer`,
 * which continues a finished job as a rescue in its Claude session.
 */
import { existsSync } from "node:fs";
import { RUN_MARKER_ENV } from "../claude/types.ts";
import { type RescueJobInput, rescueJobInputSchema } from "../contracts/rescue-job.ts";
import { newJobId } from "../jobs/ids.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import type { ExitCodeValue } from "../lib/exit-codes.ts";
import { ccHint, startedByCodex } from "../lib/invocation.ts";
import type { ResumeChoice } from "../rescue/resume.ts";
import type { WorktreeInfo } from "../rescue/worktree.ts";
import type { ResumeWord } from "./_resume-arg.ts";

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
  /** cc-plugin-codex's --write: the default profile, spelled out. */
  write?: boolean;
  promptFile?: string;
  json?: boolean;
  progress?: boolean;
  /** false: --no-sandbox (explicit consent to an unsandboxed run). */
  sandbox?: boolean;
  /** Hosts the sandboxed commands may reach, comma-separated. */
  network?: string;
  /** Run in a private checkout made from the launch snapshot (the default in the background). */
  worktree?: boolean;
  /** Edit the working tree itself, even in the background. */
  inPlace?: boolean;
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
  if (args.write && args.readOnly)
    throw new UsageError("--write and --read-only contradict each other", "Pass one of them (the default is --write: Claude may edit files).");
}

export async function rescue(args: RescueArgs): Promise<ExitCodeValue> {
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
        explicit
          ? "`cc status --all` lists this workspace's rescues."
          : `\`cc status --all\` lists this workspace's rescues; to send "${ref}" to Claude as text, write \`cc rescue --resume -- ${ref} …\`.`,
      );
    }
    if (wordIndex !== null) words = words.filter((_, i) => i !== wordIndex);
  }
  // A resumed run may go without new text; stdin is only read when it is the task's sole source.
  const task = await readTask({ words, promptFile: args.promptFile, cwd: ws.cwd, ...(resuming ? {} : { readStdin: () => stdinWhenPiped() }) });
  if (!task && !resuming) {
    // Inside Codex there is no stdin to pipe a task into: name only what can be typed there.
    const ways = startedByCodex()
      ? `Type it after the command (${ccHint("rescue", "'fix the failing test'")}), or continue the last rescue with ${ccHint("rescue", "--resume")}.`
      : `Pass it as arguments (${ccHint("rescue", "'fix the failing test'")}), with --prompt-file <path>, on stdin, or continue the last rescue with --resume.`;
    throw new UsageError("no task given", ways);
  }

  previous ??= resuming ? resume.resumeTarget(store, ws, args.resumeLast ? "workspace" : "session") : null;
  if (previous?.note) note(previous.note);
  // Said in the result's footer, not up front: a note before the run lands in the middle of Codex's output.
  const earlier = !resuming && !args.fresh ? resume.latestRescue(store, ws, "session") : null;
  const continuable = earlier && earlier.cwd === ws.cwd ? earlier.id : null;

  const [{ takeSnapshot }, { rescuePrompt, continuePrompt, isSlashCommand }, { decideContainment }, { readConfig }, { resolveLimits }] = await Promise.all([
    import("../lib/tree-snapshot.ts"),
    import("../rescue/prompt.ts"),
    import("../rescue/containment.ts"),
    import("../lib/config.ts"),
    import("../jobs/limits.ts"),
  ]);
  const config = readConfig();
  const previousId = previous ? (previous.job?.id ?? previous.claudeSession) : null;
  // Neither flag: the foreground, unless rescueInBackground is set in config.json.
  const background = args.background === true || (!args.wait && config.rescueInBackground === true);
  const isolation = await import("../rescue/isolation.ts");
  const worktreeModule = await import("../rescue/worktree.ts");
  // A rescue that continues a worktree rescue works on in that checkout, from its launch snapshot.
  const earlierRun = previous?.job ? rescueJobInputSchema.safeParse(previous.job.kindInput) : null;
  const continued = earlierRun?.success && earlierRun.data.worktree ? earlierRun.data : null;
  // Claude resumes a session only in the directory it ran in: a continued rescue works where the earlier one did.
  if (previous && !continued && args.worktree)
    throw new UsageError("--worktree cannot continue a rescue that ran in place", "Continue it without --worktree, or start a new rescue with --worktree.");
  let where = continued ? "worktree" : previous ? "in-place" : isolation.chooseIsolation(args, config, background);
  // Sandbox and snapshot are settled before Claude starts: an uncontainable run stops here.
  const contained = decideContainment({ ...args, ...(continued ? { takeSnapshot: false } : {}) }, config, ws, note);
  if (where === "worktree" && !continued && !contained.snapshot) {
    if (args.worktree)
      throw new UsageError(
        `--worktree needs a git repository: ${contained.snapshotError ?? "no snapshot"}`,
        "Run it inside a repository, or without --worktree.",
      );
    where = "in-place";
  }
  const jobId = newJobId("rescue");
  const snapshot = continued ? (continued.snapshot ?? null) : contained.snapshot;
  let worktree: WorktreeInfo | undefined;
  if (continued?.worktree) {
    worktree = continued.worktree;
    if (!existsSync(worktree.path))
      throw new CcError(`rescue ${previous!.job!.id}'s worktree is gone (discarded or pruned)`, { hint: `Start a new rescue: ${ccHint("rescue", "<task>")}.` });
  } else if (where === "worktree") {
    try {
      worktree = worktreeModule.createWorktree({
        jobId,
        userCwd: ws.cwd,
        userRoot: ws.root,
        snapshot: snapshot!,
        share: config.rescueWorktreeShare ?? worktreeModule.DEFAULT_SHARED,
      });
    } catch (error) {
      throw new CcError(`cannot make the rescue's worktree: ${(error as Error).message}`, {
        hint: "Free some space or fix what git reports, or run with --in-place.",
      });
    }
  }
  const snap = snapshot?.state;
  const before = continued ? continued.before : snap ? { tree: snap.worktree, head: snap.headCommit, reason: snap.reason } : takeSnapshot(ws.cwd);
  const sandbox = worktree ? isolation.worktreeSandbox(contained, ws, worktree) : contained.sandbox;
  const kindInput: RescueJobInput = {
    before,
    resumedFrom: previous?.job?.id ?? null,
    readOnly: args.readOnly === true,
    snapshot,
    snapshotError: contained.snapshotError,
    sandboxed: sandbox !== null,
    network: contained.network,
    continuable,
    ...(worktree ? { worktree } : {}),
  };
  const firstLine = (task ?? "").split("\n").find((l) => l.trim()) ?? "";
  const spec = {
    id: jobId,
    kind: "rescue" as const,
    summary: previous ? `Continue ${previousId}${firstLine ? `: ${firstLine}` : ""}` : firstLine,
    request: {
      prompt: previous ? continuePrompt(task) : rescuePrompt(task!, ws.root),
      cwd: worktree ? worktreeModule.runDirectory(worktree) : ws.cwd,
      // Read-only investigation may look things up on the web; reviews never get that profile.
      profile: args.readOnly ? ("read-only-web" as const) : ("write" as const),
      ...(previous ? { resumeSessionId: previous.claudeSession } : {}),
      limits: resolveLimits({ maxTime: args.maxTime, config }),
      // `cc steer` talks to it while it runs; a slash command must stay claude's plain-text prompt.
      steerable: !(task && isSlashCommand(task)),
      ...(sandbox ? { sandbox } : {}),
      ...choice,
    },
    workspace: ws,
    kindInput,
  };
  const worktreeState = worktree ? await import("../rescue/worktree-state.ts") : null;
  if (continued && previous?.job) worktreeState?.handOver(store, previous.job.id, jobId);
  // Recorded from the start, so listings find the jobs holding a worktree without reading every job.
  if (worktree) worktreeState?.setWorktreeState(store, jobId, { state: "held" });

  const [{ deliverJob }, { wantsProgress }] = await Promise.all([import("./_deliver.ts"), import("./_progress.ts")]);
  return deliverJob(spec, { background, json: args.json === true, progress: wantsProgress(args.quietProgress ? false : args.progress) });
}
