import type { CommandDef } from "citty";

/**
 * Every cc subcommand: a one-line description (for `cc --help`, without loading anything) and a
 * loader. A command's module, and everything it imports, loads only when that command runs.
 */
export interface CommandEntry {
  description: string;
  /** Internal commands (the background worker, hook handlers' plumbing) are not listed in help. */
  hidden?: boolean;
  load: () => Promise<CommandDef<any>>;
}

const lazy = (loader: () => Promise<{ default: CommandDef<any> }>) => () => loader().then((m) => m.default);

export const commands: Record<string, CommandEntry> = {
  version: { description: "Print cc's version, git commit and build target", load: lazy(() => import("./commands/version.ts")) },
  review: { description: "Have Claude review your changes (working tree, or the branch against its base)", load: lazy(() => import("./commands/review.ts")) },
  "adversarial-review": { description: "Have Claude challenge your changes: design, assumptions, trade-offs, rollout risk", load: lazy(() => import("./commands/adversarial-review.ts")) },
  rescue: { description: "Hand Claude a task: fix, investigate, continue (edits allowed unless --read-only)", load: lazy(() => import("./commands/rescue.ts")) },
  status: { description: "List jobs, or show one job; --wait blocks until it ends", load: lazy(() => import("./commands/status.ts")) },
  result: { description: "Show a finished job's full output (default: the newest of this session)", load: lazy(() => import("./commands/result.ts")) },
  cancel: { description: "Cancel a queued or running job (Claude and its tools are stopped)", load: lazy(() => import("./commands/cancel.ts")) },
  hook: { description: "Handle a Codex hook event (internal: run by cc's hooks)", hidden: true, load: lazy(() => import("./commands/hook.ts")) },
  worker: { description: "Run a queued job (internal: started by --background)", hidden: true, load: lazy(() => import("./commands/worker.ts")) },
  install: { description: "Install cc into Codex (binary, plugin, skills; rules file and hook trust if you agree)", load: lazy(() => import("./commands/install.ts")) },
  uninstall: { description: "Remove everything cc install added to Codex", load: lazy(() => import("./commands/uninstall.ts")) },
  setup: { description: "Check that cc can run Claude Code from Codex; turn the review gate on or off", load: lazy(() => import("./commands/setup.ts")) },
};

export function commandNames(includeHidden = false): string[] {
  return Object.entries(commands)
    .filter(([, entry]) => includeHidden || !entry.hidden)
    .map(([name]) => name);
}
