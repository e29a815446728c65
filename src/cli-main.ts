/**
 * cc's commands, help and compiler pass-through (src/cli.ts hands everything but `cc hook` here).
 * The order is: cc's own help and commands, then compiler pass-through, then an error.
 */

import { writeSync } from "node:fs";
import { enterDirectory, takeCwdFlag } from "./cli-cwd.ts";
import { assertKnownFlags } from "./cli-flags.ts";
import { type AnyCommand, commandNames, commands } from "./command-table.ts";
import { CcError, formatError, UsageError } from "./lib/errors.ts";
import { ExitCode } from "./lib/exit-codes.ts";
import { ccHint, hintStyle, terminalHint } from "./lib/invocation.ts";
import { takeWarnings } from "./lib/warnings.ts";

const HELP_FLAGS = new Set(["--help", "-h"]);

function mainUsage(): string {
  const { program } = hintStyle();
  const names = commandNames();
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.map((name) => `  ${name.padEnd(width)}  ${commands[name]!.description}`);
  return [
    "cc — Claude Code for Codex",
    "",
    `Usage: ${program} <command> [options]`,
    "",
    "Commands:",
    ...lines,
    "",
    `Run \`${program} help <command>\` (or \`${program} <command> --help\`) for a command's options.`,
    "Every command also takes --cwd <dir> (-C <dir>): work in that directory.",
    "Any other arguments are handed to the next `cc` on PATH (the C compiler), unchanged.",
  ].join("\n");
}

function unknownCommand(name: string): UsageError {
  return new UsageError(`unknown command "${name}"`, `Commands: ${commandNames().join(", ")}. Run ${terminalHint("--help")} for details.`);
}

async function loadCommand(name: string): Promise<AnyCommand> {
  const entry = commands[name];
  if (!entry) throw unknownCommand(name);
  return entry.load();
}

/** citty colours its usage unconditionally: inside Codex (a pipe) the escapes would show raw. */
const wantsColor = (): boolean => process.stdout.isTTY === true && process.env.NO_COLOR === undefined;

async function showCommandHelp(name: string): Promise<void> {
  const [{ renderUsage }, cmd] = await Promise.all([import("citty"), loadCommand(name)]);
  // Usage lines name the binary by a form that runs in a terminal (a bare `cc` may be the C compiler).
  const parent = { meta: { name: hintStyle().program } } as AnyCommand;
  const usage = await renderUsage(cmd, parent);
  process.stdout.write(`${wantsColor() ? usage : Bun.stripANSI(usage)}\n`);
}

/** `--help` counts only before `--`: after it, `cc rescue -- --help` means the text "--help". */
function asksForHelp(rawArgs: string[]): boolean {
  const end = rawArgs.indexOf("--");
  return (end === -1 ? rawArgs : rawArgs.slice(0, end)).some((arg) => HELP_FLAGS.has(arg));
}

async function runCc(name: string, givenArgs: string[]): Promise<void> {
  // `--cwd`/`-C` first: every later step (workspace, git, Claude's cwd) works in that directory.
  const { rawArgs, cwd } = takeCwdFlag(givenArgs);
  if (cwd !== null) enterDirectory(cwd);
  const entry = commands[name]!;
  const cmd = await loadCommand(name);
  if (asksForHelp(rawArgs)) return showCommandHelp(name);
  const argsDef = typeof cmd.args === "function" ? await cmd.args() : (cmd.args ?? {});
  assertKnownFlags(rawArgs, argsDef, name);
  if (entry.preflight) {
    const { exitIfSandboxed } = await import("./codex/preflight.ts");
    await exitIfSandboxed(name);
  }
  const { runCommand } = await import("citty");
  await runCommand(cmd, { rawArgs });
}

export async function main(argv: string[]): Promise<void> {
  // Printed however the command ends (some exit early): one line each, after its output.
  process.on("exit", () => {
    for (const line of takeWarnings()) writeSync(2, `cc: warning: ${line}\n`);
  });
  try {
    await dispatch(argv);
  } catch (error) {
    process.stderr.write(`${formatError(error)}\n`);
    process.exitCode = error instanceof CcError ? error.exitCode : ExitCode.failure;
  }
}

async function dispatch(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  if (first === undefined || HELP_FLAGS.has(first)) {
    process.stdout.write(`${mainUsage()}\n`);
    return;
  }
  if (first === "help") {
    if (rest[0] === undefined) process.stdout.write(`${mainUsage()}\n`);
    else await showCommandHelp(rest[0]);
    return;
  }
  if (Object.hasOwn(commands, first)) return runCc(first, rest);

  // Not ours: this is probably a compiler invocation (`cc -c x.c`, `cc --version`).
  const { findNextCompiler, execCompiler, nearestCommand } = await import("./passthrough.ts");
  const compiler = findNextCompiler();
  if (compiler) {
    const meant = nearestCommand(first, commandNames());
    const hint = meant ? `cc: "${first}" was handed to the C compiler ${compiler}; did you mean ${ccHint(meant)}?` : undefined;
    await execCompiler(compiler, argv, hint);
  }
  if (first.startsWith("-")) {
    throw new UsageError(
      `unknown option "${first}"`,
      `Run ${terminalHint("--help")} for cc's commands; no other \`cc\` (C compiler) was found on PATH to hand it to.`,
    );
  }
  throw unknownCommand(first);
}
