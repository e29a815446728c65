/**
 * `cc uninstall`: undo everything `cc install` did — hook trust entries, the plugin, the
 * marketplace registration, the rules file, the marketplace directory and the binary — through
 * Codex's own commands where Codex owns the state. The user's other config is left alone. cc's job
 * results and settings stay unless `--purge` is given.
 */
import { existsSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { removeEmptyDirs } from "../lib/file-tree.ts";
import { terminalHint } from "../lib/invocation.ts";
import { MARKETPLACE_NAME, PLUGIN_ID } from "../lib/paths.ts";
import { withAppServer } from "./app-server.ts";
import { forgetClaude } from "./claude-path.ts";
import { listMarketplaces, listPlugins, removeMarketplace, removePlugin } from "./codex-cli.ts";
import { ccTrustKeys, readHookState, removeCcTrust } from "./hook-trust.ts";
import { codexContext } from "./install.ts";
import { rulesDir, rulesPath } from "./rules.ts";

type Env = Record<string, string | undefined>;

export interface UninstallOptions {
  env: Env;
  codexBin?: string;
  purge: boolean;
  log: (line: string) => void;
}

export async function uninstall(opts: UninstallOptions): Promise<void> {
  const { log } = opts;
  const { cli, where } = codexContext(opts.env, opts.codexBin);

  if (ccTrustKeys(readHookState(where.codexHome)).length > 0) {
    const removed = await withAppServer(cli, (server) => removeCcTrust(server, where.codexHome));
    log(`✓ removed ${removed} hook trust entr${removed === 1 ? "y" : "ies"} from config.toml`);
  } else log("- no hook trust entries for cc");

  if ((await listPlugins(cli)).some((p) => p.pluginId === PLUGIN_ID)) {
    await removePlugin(cli, PLUGIN_ID);
    log(`✓ plugin ${PLUGIN_ID} removed`);
  } else log(`- plugin ${PLUGIN_ID} was not installed`);
  // Codex leaves the emptied per-marketplace cache directory behind.
  removeEmptyDirs(dirname(where.pluginCache), where.codexHome);

  if ((await listMarketplaces(cli)).some((m) => m.name === MARKETPLACE_NAME)) {
    await removeMarketplace(cli, MARKETPLACE_NAME);
    log(`✓ marketplace "${MARKETPLACE_NAME}" unregistered`);
  } else log(`- marketplace "${MARKETPLACE_NAME}" was not registered`);

  if (existsSync(rulesPath(where.codexHome))) {
    rmSync(rulesPath(where.codexHome), { force: true });
    removeEmptyDirs(rulesDir(where.codexHome), where.codexHome);
    log(`✓ removed ${rulesPath(where.codexHome)}`);
  } else log("- no rules file");

  forgetClaude(opts.env);
  const ours = [where.marketplaceRoot, where.binDir].filter((p) => existsSync(p));
  for (const path of ours) rmSync(path, { recursive: true, force: true });
  log(ours.length ? `✓ removed ${ours.join(" and ")}` : "- no binary or marketplace directory");

  if (opts.purge && existsSync(where.dataDir)) {
    rmSync(where.dataDir, { recursive: true, force: true });
    log(`✓ removed cc's data directory ${where.dataDir} (jobs, results, settings)`);
  } else {
    removeEmptyDirs(where.dataDir, dirname(where.dataDir));
    if (existsSync(where.dataDir)) log(`- kept cc's job results and settings in ${where.dataDir} (${terminalHint("uninstall", "--purge")} removes them)`);
  }
  // Codex's plugin directories, when cc was all they held.
  for (const dir of [join(where.codexHome, "plugins", "data"), join(where.codexHome, "plugins", "cache")]) removeEmptyDirs(dir, where.codexHome);
}
