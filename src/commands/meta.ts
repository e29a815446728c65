/**
 * Every cc subcommand's name, one-line description and visibility, said once: `cc --help` reads
 * them without loading any command, and each command's `defineCommand` takes its `meta` from here.
 */
import type { CommandMeta } from "citty";

const define = <T extends Record<string, CommandMeta & { description: string }>>(metas: T) => metas;

export const COMMAND_META = define({
  version: { description: "Print cc's version, git commit and build target" },
  review: { description: "Have Claude review your changes (working tree, or the branch against its base), or any branch, range or pull request" },
  "adversarial-review": { description: "Have Claude challenge your changes: design, assumptions, trade-offs, rollout risk" },
  rescue: { description: "Hand Claude a task: fix, investigate, continue (edits allowed unless --read-only)" },
  status: { description: "List jobs, or show one job; --wait blocks until it ends" },
  result: { description: "Show a finished job's full output (default: the newest of this session)" },
  transfer: { description: "Carry a conversation between Codex and Claude Code, either way; again later adds only what is new" },
  cancel: { description: "Cancel a queued or running job (Claude and its tools are stopped)" },
  mcp: { description: "Serve review, rescue and the job commands as MCP tools over stdio (--print-config: how clients start it)" },
  apply: { description: "Bring a worktree rescue's changes into your tree (three-way; --check previews), undoable" },
  discard: { description: "Remove a worktree rescue's worktree without applying it" },
  wait: { description: "Wait until every named job ends, printing each outcome as it arrives" },
  steer: { description: "Send a message to a job: a running one reads it between steps; a finished one is continued in its Claude session" },
  // Internal: run by cc's Codex hooks.
  hook: { description: "Handle a Codex hook event (internal: run by cc's hooks)", hidden: true },
  // Internal: the detached process `--background` starts.
  worker: { description: "Run a queued job (internal: started by --background)", hidden: true },
  install: { description: "Install cc into Codex: binary, plugin, skills, and (if you agree) the rules file and hook trust" },
  uninstall: { description: "Remove everything install added to Codex" },
  update: { description: "Update cc from its releases (checksum-verified, in place), then refresh the Codex plugin" },
  setup: { description: "Check that cc can run Claude Code from Codex; turn the review gate on or off" },
});

export type CommandName = keyof typeof COMMAND_META;

/** A command's citty `meta`: its name plus the description and visibility above. */
export const commandMeta = (name: CommandName): CommandMeta => ({ name, ...COMMAND_META[name] });
