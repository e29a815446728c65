import type { CommandDef } from "citty";
import { COMMAND_META, type CommandName } from "./commands/meta.ts";

/**
 * A command of any arguments: citty's CommandDef is contravariant in its args (run takes them), so a
 * table of commands with different args can hold them only as CommandDef<any>.
 */
// biome-ignore lint/suspicious/noExplicitAny: the one place a command's args are forgotten (see above)
export type AnyCommand = CommandDef<any>;

/**
 * Every cc subcommand: its loader, and whether it runs the sandbox preflight first. Descriptions
 * and visibility come from each command's meta (src/commands/meta.ts). A command's module, and
 * everything it imports, loads only when that command runs.
 */
export interface CommandEntry {
  description: string;
  hidden: boolean;
  /**
   * Inside Codex's sandbox this command cannot work (it runs Claude or writes the job store, in the
   * data dir the sandbox makes read-only): the cli runs the sandbox preflight before it.
   */
  preflight: boolean;
  load: () => Promise<AnyCommand>;
}

const lazy = (loader: () => Promise<{ default: AnyCommand }>) => () => loader().then((m) => m.default);

const LOADERS: Record<CommandName, { preflight?: true; load: () => Promise<AnyCommand> }> = {
  version: { load: lazy(() => import("./commands/version.ts")) },
  review: { preflight: true, load: lazy(() => import("./commands/review.ts")) },
  "adversarial-review": { preflight: true, load: lazy(() => import("./commands/adversarial-review.ts")) },
  rescue: { preflight: true, load: lazy(() => import("./commands/rescue.ts")) },
  status: { preflight: true, load: lazy(() => import("./commands/status.ts")) },
  result: { preflight: true, load: lazy(() => import("./commands/result.ts")) },
  // Writing claude's and Codex's session stores (in the home directory) is blocked by Codex's sandbox.
  transfer: { preflight: true, load: lazy(() => import("./commands/transfer.ts")) },
  cancel: { preflight: true, load: lazy(() => import("./commands/cancel.ts")) },
  // An MCP server runs outside Codex's sandbox; each tool call's cc child runs its own preflight.
  mcp: { load: lazy(() => import("./commands/mcp.ts")) },
  apply: { preflight: true, load: lazy(() => import("./commands/apply.ts")) },
  discard: { preflight: true, load: lazy(() => import("./commands/discard.ts")) },
  wait: { preflight: true, load: lazy(() => import("./commands/wait.ts")) },
  steer: { preflight: true, load: lazy(() => import("./commands/steer.ts")) },
  hook: { load: lazy(() => import("./commands/hook.ts")) },
  worker: { load: lazy(() => import("./commands/worker.ts")) },
  install: { load: lazy(() => import("./commands/install.ts")) },
  uninstall: { load: lazy(() => import("./commands/uninstall.ts")) },
  update: { load: lazy(() => import("./commands/update.ts")) },
  setup: { load: lazy(() => import("./commands/setup.ts")) },
};

export const commands: Record<string, CommandEntry> = Object.fromEntries(
  Object.entries(LOADERS).map(([name, entry]) => {
    const meta = COMMAND_META[name as CommandName] as { description: string; hidden?: boolean };
    return [name, { description: meta.description, hidden: meta.hidden === true, preflight: entry.preflight === true, load: entry.load }];
  }),
);

export function commandNames(includeHidden = false): string[] {
  return Object.entries(commands)
    .filter(([, entry]) => includeHidden || !entry.hidden)
    .map(([name]) => name);
}
