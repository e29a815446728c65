/**
 * Finding the claude executable without trusting PATH: Codex runs commands through a login shell
 * that resets it. Order: cc's config `claudePath`, then CC_CLAUDE_BIN, then PATH, then the claude
 * `cc install` found from the user's terminal (remembered in the config), then the places claude's
 * installers use.
 */

import { readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { readConfig } from "../lib/config.ts";
import { CcError } from "../lib/errors.ts";
import { findInDirs, findOnPath, isExecutableFile, usualBinDirs } from "../lib/executables.ts";
import { ExitCode } from "../lib/exit-codes.ts";
import { configPath } from "../lib/paths.ts";
import type { ErrorClass } from "./types.ts";

type Env = Record<string, string | undefined>;

export const INSTALL_COMMAND = "npm install -g @anthropic-ai/claude-code";

export interface ClaudeLocation {
  path: string;
  /** How it was found: the config setting, CC_CLAUDE_BIN, PATH, or a usual install location. */
  source: "config" | "env" | "path" | "remembered" | "location";
}

/** claude is missing, or an explicit setting points nowhere. Maps to the `not_installed` outcome. */
export class ClaudeNotFoundError extends CcError {
  readonly errorClass: ErrorClass = "not_installed";
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: ExitCode.claudeFailed });
    this.name = "ClaudeNotFoundError";
  }
}

/** The directories claude's installers (native, local, npm, Homebrew, nvm) put it in. */
function usualLocations(env: Env = process.env): string[] {
  const home = env.HOME || env.USERPROFILE || homedir();
  const dirs = [join(home, ".claude", "local"), join(home, ".claude", "local", "node_modules", ".bin"), ...usualBinDirs(env)];
  try {
    const nvm = join(env.NVM_DIR || join(home, ".nvm"), "versions", "node");
    for (const version of readdirSync(nvm).sort().reverse()) dirs.push(join(nvm, version, "bin"));
  } catch {
    // no nvm
  }
  if (process.platform === "win32" && env.LOCALAPPDATA) dirs.push(join(env.LOCALAPPDATA, "Programs", "claude"));
  return dirs;
}

export interface FindClaudeOptions {
  env?: Env;
  /** cc's config setting; read from the config file when not given. */
  claudePath?: string | undefined;
  /** Where `cc install` found claude; read from the config file when not given. */
  rememberedPath?: string | undefined;
  /** The install locations to try after PATH; usualLocations(env) by default. */
  locations?: string[];
}

export function findClaude(opts: FindClaudeOptions = {}): ClaudeLocation {
  const env = opts.env ?? process.env;
  const config = "claudePath" in opts && "rememberedPath" in opts ? {} : readConfig(configPath(env));
  const configured = "claudePath" in opts ? opts.claudePath : config.claudePath;
  const remembered = "rememberedPath" in opts ? opts.rememberedPath : config.rememberedClaudePath;
  if (configured) {
    if (isExecutableFile(configured)) return { path: configured, source: "config" };
    throw new ClaudeNotFoundError(
      `claude is not at ${configured} (claudePath in cc's config)`,
      `Fix claudePath in ${configPath(env)}, or remove it to search PATH. To install claude: ${INSTALL_COMMAND}`,
    );
  }
  const fromEnv = env.CC_CLAUDE_BIN;
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) return { path: fromEnv, source: "env" };
    throw new ClaudeNotFoundError(
      `claude is not at ${fromEnv} (CC_CLAUDE_BIN)`,
      `Point CC_CLAUDE_BIN at the claude executable, or unset it. To install claude: ${INSTALL_COMMAND}`,
    );
  }
  const onPath = findOnPath("claude", env);
  if (onPath) return { path: onPath, source: "path" };
  // Gone since install (uninstalled, moved): fall through to the usual locations.
  if (remembered && isExecutableFile(remembered)) return { path: remembered, source: "remembered" };
  const usual = findInDirs("claude", opts.locations ?? usualLocations(env));
  if (usual) return { path: usual, source: "location" };
  throw new ClaudeNotFoundError(
    "Claude Code (claude) is not installed, or not where cc looks",
    `Install it with \`${INSTALL_COMMAND}\`, or set claudePath in ${configPath(env)} (or CC_CLAUDE_BIN) to its absolute path.`,
  );
}
