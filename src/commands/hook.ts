/**
 * `cc hook <event>` (internal): what cc's Codex hooks run. Dispatched by src/cli.ts before citty
 * or the command table load, to keep every prompt's hook cheap (bench/README.md). Always exits 0: a hook must never break a turn.
 */
import type { CommandDef } from "citty";
import { writeOut } from "../lib/stdout.ts";

export async function runHookCommand(argv: string[]): Promise<void> {
  const eventArg = argv[0];
  let answered = false;
  let slow = false;
  const answer = (text: string, opts: { exit?: boolean } = {}) => {
    if (answered) return;
    answered = true;
    // Not process.stdout (Node's streams), nor Bun.write or process.exit, each a few MiB more.
    writeOut(text);
    if (opts.exit) process.exit(0);
    // Whatever a slow handler left behind (a stuck read, a child) must not keep the hook alive.
    if (slow) setTimeout(() => process.exit(0), 500).unref();
  };
  try {
    // Start reading stdin first: Codex has usually written it all, and the modules load meanwhile.
    const { hookEventName, readStdin } = await import("../hooks/input.ts");
    const reading = readStdin();
    const [{ runHook, HOOK_BUDGET_MS, preloadHandler }, { enterSlowPath, onSlowPath }] = await Promise.all([
      import("../hooks/dispatch.ts"),
      import("../hooks/slow-path.ts"),
    ]);
    const event = hookEventName(eventArg);
    if (event) void preloadHandler(event);
    // Last resort, once the handler leaves its quick path (hooks/slow-path.ts): answer on its behalf
    // before Codex's own timeout kills the hook.
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    onSlowPath(() => {
      slow = true;
      watchdog = setTimeout(
        () => {
          void import("../hooks/log.ts")
            .then(({ hookLog }) => hookLog(event ?? String(eventArg), "ran out of time; answered with nothing"))
            .finally(() => answer("", { exit: true }));
        },
        event ? HOOK_BUDGET_MS[event] : 2000,
      );
    });
    // A session's start and end (once a session; SessionEnd has 1 s in all) are watched from the
    // start, stdin included.
    if (event === "SessionStart" || event === "SessionEnd") enterSlowPath();
    const stdin = await reading;
    const out = await runHook(eventArg, stdin.text, { truncated: stdin.truncated });
    clearTimeout(watchdog);
    answer(out);
  } catch {
    answer("");
  }
}

/** For `cc help hook`; the real dispatch happens in src/cli.ts without citty. */
const command: CommandDef = {
  meta: { name: "hook", description: "Handle a Codex hook event (internal: run by cc's hooks)" },
  args: { event: { type: "positional", required: true, description: "SessionStart, UserPromptSubmit, Stop or SessionEnd" } },
  async run({ rawArgs }) {
    await runHookCommand(rawArgs);
  },
};
export default command;
