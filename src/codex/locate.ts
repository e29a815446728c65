/**
 * Finding a host program (codex, claude) without trusting PATH alone: Codex's login shell resets
 * PATH, and npm/nvm/Homebrew installs often live outside it. Order: an explicit setting (flag or
 * env), then PATH, then the usual install locations.
 */
import { isExecutableFile } from "../executables.ts";
import { homedir } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { CcError } from "../errors.ts";

type Env = Record<string, string | undefined>;

export interface Located {
  path: string;
  /** How it was found: "--codex-bin", "CC_CODEX_BIN", "PATH" or "usual location". */
  via: string;
}

const isWindows = process.platform === "win32";


function candidatesIn(dir: string, name: string): string[] {
  return isWindows ? [".exe", ".cmd", ""].map((ext) => join(dir, name + ext)) : [join(dir, name)];
}

/** The usual per-user and system install directories for npm, Homebrew, bun and native installers. */
export function usualBinDirs(env: Env = process.env): string[] {
  const home = env.HOME || homedir();
  return [
    join(home, ".local", "bin"),
    join(home, ".npm-global", "bin"),
    join(home, ".bun", "bin"),
    join(home, ".volta", "bin"),
    env.NPM_CONFIG_PREFIX ? join(env.NPM_CONFIG_PREFIX, "bin") : "",
    "/opt/homebrew/bin",
    "/usr/local/bin",
    "/usr/bin",
  ].filter(Boolean);
}

export interface FindOptions {
  name: string;
  /** A path the user gave explicitly (flag or config); must exist when given. */
  explicit?: { path: string | undefined; via: string };
  /** Environment variable holding an explicit path (e.g. CC_CODEX_BIN). */
  envVar?: string;
  /** Extra directories tried after PATH (before the usual ones). */
  extraDirs?: string[];
  env?: Env;
}

/** Returns null when the program is nowhere; throws when an explicit path is wrong. */
export function findExecutable(opts: FindOptions): Located | null {
  const env = opts.env ?? process.env;
  const explicit = [opts.explicit, opts.envVar ? { path: env[opts.envVar], via: opts.envVar } : undefined];
  for (const given of explicit) {
    if (!given?.path) continue;
    const path = isAbsolute(given.path) ? given.path : resolve(given.path);
    if (!isExecutableFile(path)) {
      throw new CcError(`${given.via} points at ${path}, which is not an executable file`, { hint: `Fix ${given.via} or leave it unset to search PATH.` });
    }
    return { path, via: given.via };
  }
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    for (const path of candidatesIn(dir, opts.name)) if (isExecutableFile(path)) return { path, via: "PATH" };
  }
  for (const dir of [...(opts.extraDirs ?? []), ...usualBinDirs(env)]) {
    for (const path of candidatesIn(dir, opts.name)) if (isExecutableFile(path)) return { path, via: "usual location" };
  }
  return null;
}

/** codex for install/uninstall/setup: `--codex-bin`, CC_CODEX_BIN, PATH, usual locations. */
export function findCodex(explicitPath?: string, env: Env = process.env): Located {
  const found = findExecutable({ name: "codex", explicit: { path: explicitPath, via: "--codex-bin" }, envVar: "CC_CODEX_BIN", env });
  if (!found) {
    throw new CcError("codex was not found on PATH or in the usual install locations", {
      hint: "Install the Codex CLI (npm install -g @openai/codex), or pass --codex-bin <path> (or set CC_CODEX_BIN).",
    });
  }
  return found;
}
