/**
 * Where the running cc is and how it starts itself: the compiled executable (`process.execPath`),
 * or `bun src/cli.ts` during development.
 */
import { realpathSync } from "node:fs";
import { resolve } from "node:path";

/**
 * Is `main` a module inside a `bun build --compile` executable? They live under Bun's virtual root:
 * `/$bunfs/` on Linux and macOS, `B:\~BUN\` on Windows — which Bun.main spells `B:/~BUN/` (seen
 * under Wine), so both separators count.
 */
export const isCompiledMain = (main: string): boolean => main.startsWith("/$bunfs/") || /^[A-Za-z]:[\\/]~BUN[\\/]/.test(main);

export const isCompiled = (): boolean => isCompiledMain(Bun.main);

/**
 * argv prefix that runs this same cc (the background worker): `[execPath]` compiled,
 * `[bun, <abs src/cli.ts>]` from source — resolved from this module, not Bun.main, so it also holds
 * when cc's code runs inside `bun test` or a script.
 */
export function selfCommand(): string[] {
  return isCompiled() ? [process.execPath] : [process.execPath, resolve(import.meta.dir, "..", "cli.ts")];
}

/** The command that runs this cc, as shown to users: the executable's real path, or "bun <entry>" from source. */
export function ccExecutable(): string {
  if (!isCompiled()) return selfCommand().join(" ");
  try {
    return realpathSync(process.execPath);
  } catch {
    return process.execPath;
  }
}
