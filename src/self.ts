/**
 * How cc starts itself (the background worker): the compiled binary is `process.execPath`; from
 * source (`bun src/cli.ts`) it is bun plus the absolute path of the entry file — resolved from this
 * module, not Bun.main, so it also holds when cc's code runs inside `bun test` or a script.
 */
import { resolve } from "node:path";
import { isCompiled } from "./codex/self.ts";

/** argv prefix that runs this same cc: `[execPath]` compiled, `[bun, <abs src/cli.ts>]` from source. */
export function selfCommand(): string[] {
  return isCompiled() ? [process.execPath] : [process.execPath, resolve(import.meta.dir, "cli.ts")];
}
