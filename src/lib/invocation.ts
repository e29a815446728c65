/**
 * How a message names a cc command so that its reader can run it. A bare `cc status` is wrong
 * almost everywhere: typed in a terminal, `cc` is usually the C compiler (`/usr/bin/ld: cannot find
 * status`), and inside Codex the user types `$cc:status`, not a shell command. So:
 * - inside Codex, a command that has a skill is named the way the user types it: `$cc:status <id>`;
 * - everything else (outside Codex, or a command meant for a terminal such as `install`) names the
 *   binary by a form that runs: plain `cc` only when the first `cc` on PATH is this very binary,
 *   otherwise its absolute path.
 * Every hint in cc goes through `ccCommand` / `terminalCommand`; renderers take a HintStyle as data.
 */
import { ccExecutable, isCompiled } from "./self.ts";

type Env = Record<string, string | undefined>;

/** The subcommands that have a `$cc:<name>` skill, in the order `cc setup` reports them. */
export const SKILL_NAMES = ["review", "adversarial-review", "rescue", "status", "result", "cancel", "apply", "discard", "steer", "setup", "transfer"] as const;
export type SkillName = (typeof SKILL_NAMES)[number];

export interface HintStyle {
  /** The reader is a Codex user: name skills as `$cc:<name>`. */
  inCodex: boolean;
  /** How a terminal runs this cc: `cc`, an absolute path, or `bun /abs/src/cli.ts` from source. */
  program: string;
}

/** Codex sets these in every command it runs (sandboxed, escalated or allowed by a rule). */
export const startedByCodex = (env: Env = process.env): boolean => Boolean(env.CODEX_THREAD_ID || env.CODEX_CI);

/**
 * The root Codex session that ran the command (CODEX_SESSION_ID, else CODEX_THREAD_ID); null outside
 * Codex. CODEX_SESSION_ID is the root session even inside a subagent, so jobs started by a child
 * thread stay the user's (the hooks look them up by the root session id); CODEX_THREAD_ID for older Codex.
 */
export const owningCodexSession = (env: Env = process.env): string | null => env.CODEX_SESSION_ID || env.CODEX_THREAD_ID || null;

const realpathOrSelf = (path: string): string => {
  try {
    // node:fs only when a path must be resolved: it costs `cc status` 5 MiB (bench/README.md).
    return (require("node:fs") as typeof import("node:fs")).realpathSync(path);
  } catch {
    return path;
  }
};

/** `cc` when the first `cc` on PATH is `executable` itself, else the absolute path. */
export function programName(executable: string, env: Env = process.env): string {
  const onPath = Bun.which("cc", { PATH: env.PATH ?? "" });
  return onPath && (onPath === executable || realpathOrSelf(onPath) === realpathOrSelf(executable)) ? "cc" : executable;
}

/**
 * The style for the running process: from its environment, naming this cc (or `executable`). The
 * program is worked out when a hint first needs it (inside Codex most name skills and never do).
 */
export function hintStyle(env: Env = process.env, executable?: string): HintStyle {
  let program: string | undefined;
  const name = (): string => {
    if (executable !== undefined) return programName(executable, env);
    // From source, ccExecutable is `bun <entry>`: never shortened to `cc`.
    if (!isCompiled()) return ccExecutable();
    // Compared as started first: when it is the `cc` on PATH, no real path is resolved at all.
    return programName(process.execPath, env) === "cc" ? "cc" : ccExecutable();
  };
  return {
    inCodex: startedByCodex(env),
    get program() {
      program ??= name();
      return program;
    },
  };
}

const isSkill = (sub: string): sub is SkillName => (SKILL_NAMES as readonly string[]).includes(sub);

/** `head` and the non-empty `args`, space-separated (a loop: `cc status` runs this, see statuses.ts `sqlStatuses`). */
function join(head: string, args: string[]): string {
  let line = head;
  for (const arg of args) if (arg !== "") line += ` ${arg}`;
  return line;
}

/** A cc command for the reader to run: `$cc:<sub> …` inside Codex when it has a skill, else the terminal form. */
export function ccCommand(style: HintStyle, sub: string, ...args: string[]): string {
  return style.inCodex && isSkill(sub) ? join(`$cc:${sub}`, args) : terminalCommand(style, sub, ...args);
}

/** A cc command meant for a terminal (install, uninstall, anything that asks questions). */
export function terminalCommand(style: HintStyle, sub: string, ...args: string[]): string {
  return join(`${style.program} ${sub}`, args);
}

/** For messages outside the renderers: the command in backticks, styled for this process. */
export const ccHint = (sub: string, ...args: string[]): string => `\`${ccCommand(hintStyle(), sub, ...args)}\``;

/** The terminal form in backticks, for commands that must run in a terminal. */
export const terminalHint = (sub: string, ...args: string[]): string => `\`${terminalCommand(hintStyle(), sub, ...args)}\``;
