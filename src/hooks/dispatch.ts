/**
 * `cc hook <event>`: pick the event's handler, run it, turn whatever happens into output Codex
 * accepts. A handler's own trouble — bad input, a locked or missing database, an unwritable data
 * dir, a crash — never reaches Codex: it becomes one line in the hook log and an empty answer
 * (a Stop then simply proceeds). Subagent threads get nothing at all.
 */
import { type HookEvent, type HookInput, hookEventName, parseHookInput } from "./input.ts";
import { type HookOutput, serializeHookOutput } from "./output.ts";

type HookHandler = (input: HookInput) => Promise<HookOutput | null>;

/** Literal imports: the compiled binary only contains modules imported by a literal path. */
const HANDLERS: Record<HookEvent, () => Promise<{ handle: HookHandler }>> = {
  SessionStart: () => import("./session-start.ts"),
  UserPromptSubmit: () => import("./user-prompt-submit.ts"),
  Stop: () => import("./stop.ts"),
  SessionEnd: () => import("./session-end.ts"),
};

/**
 * How long each handler may take before cc answers on its behalf (below each hook's timeout in
 * hooks/hooks.json: SessionEnd's is Codex's 1 s default; the Stop gate bounds itself well inside this).
 */
export const HOOK_BUDGET_MS: Record<HookEvent, number> = {
  SessionStart: 4_000,
  UserPromptSubmit: 8_000,
  Stop: 570_000,
  SessionEnd: 700,
};

/** The hook log loads only when there is something to write (it needs node:fs; the quiet path does not). */
const log = async (event: string, message: string) => (await import("./log.ts")).hookLog(event, message);

/** Load an event's handler ahead of its input (the command does this while stdin is still arriving). */
export const preloadHandler = (event: HookEvent) => HANDLERS[event]().catch(() => undefined);

/** Run one hook on raw stdin text. Never throws; the result is what goes to stdout. */
export async function runHook(eventArg: string | undefined, raw: string, opts: { truncated?: boolean } = {}): Promise<string> {
  const named = hookEventName(eventArg);
  let input: HookInput | null = null;
  try {
    input = parseHookInput(raw);
    const event = named ?? hookEventName(input.eventName ?? undefined);
    if (event === null) {
      await log(String(eventArg ?? "?"), `unknown hook event ${JSON.stringify(eventArg ?? input.eventName ?? null)}; nothing done`);
      return "";
    }
    if (opts.truncated) input.problem = "stdin exceeded the size limit";
    if (input.problem) {
      await log(event, `${input.problem}; nothing done`);
      return "";
    }
    if (input.subagent || input.sessionId === null) return "";
    const { handle } = await HANDLERS[event]();
    return serializeHookOutput(event, await handle(input));
  } catch (error) {
    const { describeError } = await import("./log.ts");
    await log(named ?? String(eventArg ?? "?"), `failed: ${describeError(error)}`);
    return "";
  }
}
