/**
 * `--cwd <dir>` / `-C <dir>` on every command (cc-plugin-codex's spelling): cc changes into the
 * directory before anything else runs, so the workspace, git and Claude's cwd all follow it. Taken
 * out of the arguments here, once, instead of being declared by each command.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "./lib/errors.ts";

const NAMES = new Set(["--cwd", "-C"]);

/** The arguments without `--cwd`/`-C` (only before `--`), and the directory given (the last one wins). */
export function takeCwdFlag(rawArgs: string[]): { rawArgs: string[]; cwd: string | null } {
  const rest: string[] = [];
  let cwd: string | null = null;
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === "--") {
      rest.push(...rawArgs.slice(i));
      break;
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!NAMES.has(name)) {
      rest.push(arg);
      continue;
    }
    const value = eq === -1 ? rawArgs[++i] : arg.slice(eq + 1);
    if (value === undefined || value === "" || (eq === -1 && value.startsWith("-"))) {
      throw new UsageError(`option "${name}" needs a directory`, `For example \`cc status ${name} ~/src/app\`.`);
    }
    cwd = value;
  }
  return { rawArgs: rest, cwd };
}

/** Change into `dir` (relative to the current directory), or fail with a usage error naming it. */
export function enterDirectory(dir: string): void {
  const target = resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) throw new UsageError(`--cwd ${dir}: no such directory`, "Pass an existing directory (relative paths are taken from where cc runs).");
  process.chdir(target);
}
