/**
 * Where the running cc is and how it starts itself: the compiled executable (`process.execPath`),
 * or `bun src/cli.ts` during development.
 */
// node:fs and node:path load when a function here needs them, not with every module that names this
// one: `cc status` and the hooks reach it only through hints that may never be printed (bench/README.md).
const nodeFs = () => require("node:fs") as typeof import("node:fs");
const nodePath = () => require("node:path") as typeof import("node:path");

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
  return isCompiled() ? [process.execPath] : [process.execPath, nodePath().resolve(import.meta.dir, "..", "cli.ts")];
}

/** The command that runs this cc, as shown to users: the executable's real path, or "bun <entry>" from source. */
export function ccExecutable(): string {
  if (!isCompiled()) return selfCommand().join(" ");
  try {
    return nodeFs().realpathSync(process.execPath);
  } catch {
    return process.execPath;
  }
}
