/**
 * `cc rescue`: hand Claude a task (write profile by default), in the foreground or as a background
 * job, optionally continuing an earlier rescue's Claude session. The work is in ./_rescue.ts.
 */
import { type ArgsDef, defineCommand } from "citty";
import { rescue } from "./_rescue.ts";
import { resumeWord } from "./_resume-arg.ts";
import { claudeRunArgs } from "./_shared-args.ts";
import { commandMeta } from "./meta.ts";

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
  worktree: {
    type: "boolean",
    description: "Work in a private checkout made from your tree as it is now; bring it back with `cc apply <job>` (the default for --background)",
  },
  "in-place": { type: "boolean", description: "Edit your working tree itself, even in the background" },
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
      worktree: args.worktree,
      inPlace: args["in-place"],
      quietProgress: args["quiet-progress"],
      maxTime: args["max-time"],
      resumeWord: resumeWord(rawArgs, rescueArgs, looksLikeResumeReference),
    });
  },
});
