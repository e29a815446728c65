/**
 * Where cc keeps things. Codex passes PLUGIN_DATA only to hooks, never to the commands a skill runs,
 * so the default data dir is exactly the PLUGIN_DATA Codex computes for our plugin
 * (`$CODEX_HOME/plugins/data/<plugin>-<marketplace>`): hooks and commands then share one store.
 */
import { UsageError } from "./errors.ts";
// Not node:path/node:os: every hook and `cc status` computes these paths (src/lib/path-text.ts).
import { homeDirectory, isAbsolutePath, joinPath } from "./path-text.ts";

export const PLUGIN_NAME = "cc";
export const MARKETPLACE_NAME = "cc";
export const PLUGIN_ID = `${PLUGIN_NAME}@${MARKETPLACE_NAME}`;

type Env = Record<string, string | undefined>;

/**
 * A relative directory would be resolved against wherever cc happens to run: a database would
 * silently appear inside the user's repository. Refused, naming the variable.
 */
function absoluteSetting(name: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!isAbsolutePath(value))
    throw new UsageError(`${name} must be an absolute path, not "${value}"`, `Set ${name} to an absolute directory (e.g. ${name}="$HOME/${value}").`);
  return value;
}

export function codexHome(env: Env = process.env): string {
  return absoluteSetting("CODEX_HOME", env.CODEX_HOME) ?? joinPath(absoluteSetting("HOME", env.HOME) ?? homeDirectory(env), ".codex");
}

/** `CC_DATA_DIR`, else Codex's PLUGIN_DATA for cc, else the same path computed from CODEX_HOME. */
export function dataDir(env: Env = process.env): string {
  return (
    absoluteSetting("CC_DATA_DIR", env.CC_DATA_DIR) ??
    absoluteSetting("PLUGIN_DATA", env.PLUGIN_DATA) ??
    joinPath(codexHome(env), "plugins", "data", `${PLUGIN_NAME}-${MARKETPLACE_NAME}`)
  );
}

export const databasePath = (env: Env = process.env) => joinPath(dataDir(env), "cc.db");
export const configPath = (env: Env = process.env) => joinPath(dataDir(env), "config.json");
export const logsDir = (env: Env = process.env) => joinPath(dataDir(env), "logs");
/** What the last `cc update --check` found (src/update/notice.ts). */
export const updateCheckPath = (env: Env = process.env) => joinPath(dataDir(env), "update-check.json");
