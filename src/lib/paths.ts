/**
 * Where cc keeps things. Codex passes PLUGIN_DATA only to hooks, never to the commands a skill runs,
 * so the default data dir is exactly the PLUGIN_DATA Codex computes for our plugin
 * (`$CODEX_HOME/plugins/data/<plugin>-<marketplace>`): hooks and commands then share one store.
 */
import { homedir } from "node:os";
import { join } from "node:path";

export const PLUGIN_NAME = "cc";
export const MARKETPLACE_NAME = "cc";
export const PLUGIN_ID = `${PLUGIN_NAME}@${MARKETPLACE_NAME}`;

type Env = Record<string, string | undefined>;

export function codexHome(env: Env = process.env): string {
  return env.CODEX_HOME || join(env.HOME || homedir(), ".codex");
}

/** `CC_DATA_DIR`, else Codex's PLUGIN_DATA for cc, else the same path computed from CODEX_HOME. */
export function dataDir(env: Env = process.env): string {
  return env.CC_DATA_DIR || env.PLUGIN_DATA || join(codexHome(env), "plugins", "data", `${PLUGIN_NAME}-${MARKETPLACE_NAME}`);
}

export const databasePath = (env: Env = process.env) => join(dataDir(env), "cc.db");
export const configPath = (env: Env = process.env) => join(dataDir(env), "config.json");
export const logsDir = (env: Env = process.env) => join(dataDir(env), "logs");
/** What the last `cc update --check` found (src/update/notice.ts). */
export const updateCheckPath = (env: Env = process.env) => join(dataDir(env), "update-check.json");
