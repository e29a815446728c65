import { defineCommand } from "citty";
import { claudeRunArgs } from "./_shared-args.ts";

export default defineCommand({
  meta: { name: "rescue", description: "Hand Claude a task: fix, investigate, continue (edits allowed unless --read-only)" },
  args: {
    ...claudeRunArgs,
    resume: { type: "boolean", description: "Continue the latest rescue of this Codex session and workspace (from the directory it ran in)" },
    "resume-last": { type: "boolean", description: "Continue the latest rescue of this workspace, from any session" },
    fresh: { type: "boolean", description: "Start a new Claude session (the default; also hides the note about a resumable rescue)" },
    "read-only": { type: "boolean", description: "Investigate only: Claude may read and run read-only commands, not edit" },
    "prompt-file": { type: "string", description: "Read the task from this file instead of the arguments" },
    sandbox: { type: "boolean", description: "Run Claude's commands in Claude Code's OS sandbox (--no-sandbox: explicit consent to run without it)" },
    network: { type: "string", description: "Hosts the sandboxed commands may reach, comma-separated (registry.npmjs.org,*.pypi.org; * for any)" },
    undo: { type: "string", description: "Undo rescue <job>: restore the files, index, HEAD, branches, tags and stash it started from" },
  },
  async run({ args }) {
    const { rescueCommand } = await import("../rescue/command.ts");
    process.exitCode = await rescueCommand({
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
      ...(args.sandbox !== undefined ? { sandbox: Boolean(args.sandbox) } : {}),
      ...(args.network !== undefined ? { network: args.network } : {}),
      ...(args.undo !== undefined ? { undo: args.undo } : {}),
    });
  },
});
