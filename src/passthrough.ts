import { realpathSync } from "node:fs";
import { delimiter } from "node:path";
import { findInDirs, pathDirs } from "./lib/executables.ts";

/**
 * Compiler pass-through. On Linux and macOS `cc` is also the C compiler; when cc is called with
 * arguments that are not its own, the next `cc` on PATH gets the exact same argv, stdio and exit code.
 *
 * Copies of cc that already handed over are recorded in CC_PASSTHROUGH_SEEN, so two copies of cc on
 * PATH can never bounce a call between each other.
 */
const SEEN_VAR = "CC_PASSTHROUGH_SEEN";

function realpathOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/** The `cc` that a shell would have run had this one not been on PATH, or null. */
export function findNextCompiler(env: NodeJS.ProcessEnv = process.env, self: string = process.execPath): string | null {
  const skip = new Set<string>((env[SEEN_VAR] ?? "").split(delimiter).filter(Boolean));
  const selfReal = realpathOrNull(self);
  if (selfReal) skip.add(selfReal);
  for (const dir of pathDirs(env)) {
    const candidate = findInDirs("cc", [dir]);
    const real = candidate && realpathOrNull(candidate);
    if (candidate && real && !skip.has(real)) return candidate;
  }
  return null;
}

/** Edit distance ≤ 2 to one of cc's commands: `cc staus` was most likely meant for cc. */
export function nearestCommand(word: string, names: string[]): string | null {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let diag = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const up = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
        diag = up;
      }
    }
    return row[b.length]!;
  };
  if (word.startsWith("-") || word.includes(".") || word.includes("/")) return null;
  const best = names.map((name) => ({ name, d: distance(word, name) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? best.name : null;
}

/**
 * Run `compiler` with our argv and stdio, then leave with its exit status. Never returns.
 * `failureHint` is printed to stderr only when the compiler fails (a likely typo of a cc command).
 */
export async function execCompiler(compiler: string, args: string[], failureHint?: string): Promise<never> {
  const seen = [process.env[SEEN_VAR], realpathOrNull(process.execPath)].filter(Boolean).join(delimiter);
  const child = Bun.spawn([compiler, ...args], {
    stdio: ["inherit", "inherit", "inherit"],
    env: { ...process.env, [SEEN_VAR]: seen },
  });
  // The child shares our terminal: it receives Ctrl-C itself; we only wait for it.
  const ignore = () => {};
  process.on("SIGINT", ignore);
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  const code = await child.exited;
  if (child.signalCode) {
    process.removeListener("SIGINT", ignore);
    process.kill(process.pid, child.signalCode);
  }
  if (code !== 0 && failureHint) process.stderr.write(`${failureHint}\n`);
  process.exit(code);
}
