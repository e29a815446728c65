/**
 * Finding a host program (codex, claude) without trusting PATH alone: Codex's login shell resets
 * PATH, and npm/nvm/Homebrew installs often live outside it. Order: an explicit setting (flag or
 * env), then PATH, then the usual install locations.
 */
import { isAbsolute, resolve } from "node:path";
import { CcError } from "../lib/errors.ts";
import { findInDirs, findOnPath, isExecutableFile, usualBinDirs } from "../lib/executables.ts";

type Env = Record<string, string | undefined>;

export interface Located {
  path: string;
  /** How it was found: "--codex-bin", "CC_CODEX_BIN", "PATH" or "usual location". */
  via: string;
}

interface FindOptions {
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
function findExecutable(opts: FindOptions): Located | null {
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
  const onPath = findOnPath(opts.name, env);
  if (onPath) return { path: onPath, via: "PATH" };
  const usual = findInDirs(opts.name, [...(opts.extraDirs ?? []), ...usualBinDirs(env)]);
  return usual ? { path: usual, via: "usual location" } : null;
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
