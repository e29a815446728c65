/**
 * Finding programs: one executable check and one directory walk for cc's three lookups (claude,
 * codex, and the next `cc` on PATH for compiler pass-through).
 */
import { accessSync, constants, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

type Env = Record<string, string | undefined>;
const isWindows = process.platform === "win32";

/** Is `path` a file this user may execute? (Windows has no exec bit: any file counts.) */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (!isWindows) accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The file names a program goes by: `name` on Unix; `.exe`, npm's `.cmd` shim, `.bat`, then bare on Windows. */
function executableNames(name: string): string[] {
  return isWindows ? [`${name}.exe`, `${name}.cmd`, `${name}.bat`, name] : [name];
}

/** PATH's directories, in order (Windows spells the variable `Path`). */
export function pathDirs(env: Env = process.env): string[] {
  return (env.PATH ?? env.Path ?? "").split(delimiter).filter(Boolean);
}

/** The first executable `name` in `dirs`, in order, or null. */
export function findInDirs(name: string, dirs: readonly string[]): string | null {
  for (const dir of dirs) {
    for (const file of executableNames(name)) {
      const path = join(dir, file);
      if (isExecutableFile(path)) return path;
    }
  }
  return null;
}

/**
 * `name` on PATH. Bun.which does the walk (and PATHEXT on Windows); the check after it keeps our
 * rule that only an executable regular file counts.
 */
export function findOnPath(name: string, env: Env = process.env): string | null {
  const found = Bun.which(name, { PATH: pathDirs(env).join(delimiter) });
  return found && isExecutableFile(found) ? found : null;
}

/** The usual per-user and system install directories of npm, bun, volta, Homebrew and native installers. */
export function usualBinDirs(env: Env = process.env): string[] {
  const home = env.HOME || env.USERPROFILE || homedir();
  const npmPrefix = env.npm_config_prefix || env.NPM_CONFIG_PREFIX;
  const dirs = [join(home, ".local", "bin"), join(home, ".npm-global", "bin"), join(home, ".bun", "bin"), join(home, ".volta", "bin")];
  if (npmPrefix) dirs.push(isWindows ? npmPrefix : join(npmPrefix, "bin"));
  if (isWindows) {
    if (env.APPDATA) dirs.push(join(env.APPDATA, "npm"));
  } else {
    dirs.push("/opt/homebrew/bin", "/usr/local/bin", "/usr/bin");
  }
  return dirs;
}
