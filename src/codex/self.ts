/** Where the running cc is: the compiled executable, or `bun src/cli.ts` during development. */
import { realpathSync } from "node:fs";

/** True inside a `bun build --compile` executable (its modules live under Bun's virtual /$bunfs/ root). */
export const isCompiled = (): boolean => Bun.main.startsWith("/$bunfs/") || /^[A-Za-z]:\\~BUN\\/.test(Bun.main);

/** The command that runs this cc: the executable's real path, or "bun <entry>" from source. */
export function ccExecutable(): string {
  if (!isCompiled()) return `${process.execPath} ${Bun.main}`;
  try {
    return realpathSync(process.execPath);
  } catch {
    return process.execPath;
  }
}
