/**
 * Where `cc install` puts things.
 *
 * The binary lives at `<data dir>/bin/cc` (by default `$CODEX_HOME/plugins/data/cc-cc/bin/cc`):
 * - outside the plugin directory, because Codex hashes every file in an installed plugin to decide
 *   whether its hooks are still trusted; replacing the binary there would silently disable them;
 * - at a path that never changes between versions (no version in it), because the skills, the hooks
 *   and the exec-policy rule all name it by absolute path: an update swaps the file in place and
 *   nothing else needs rewriting;
 * - beside cc's own data, in the directory Codex already assigns to the plugin, so one CODEX_HOME
 *   has one cc and uninstall knows exactly what to remove; it does not go on PATH, where `cc` would
 *   shadow the C compiler.
 * The local marketplace Codex installs from sits next to it (`<data dir>/marketplace`); Codex keeps
 * a reference to it and copies `plugins/cc` into its cache on `codex plugin add`.
 */
import { join } from "node:path";
import { CcError } from "../lib/errors.ts";
import { codexHome, dataDir, MARKETPLACE_NAME, PLUGIN_NAME } from "../lib/paths.ts";

type Env = Record<string, string | undefined>;

export interface InstallLocations {
  codexHome: string;
  dataDir: string;
  binDir: string;
  binary: string;
  marketplaceRoot: string;
  /** Where Codex copies the plugin (no `version` in plugin.json → Codex calls it "local"). */
  pluginCache: string;
}

export function installLocations(env: Env = process.env): InstallLocations {
  const home = codexHome(env);
  const data = dataDir(env);
  const binDir = join(data, "bin");
  return {
    codexHome: home,
    dataDir: data,
    binDir,
    binary: join(binDir, process.platform === "win32" ? "cc.exe" : "cc"),
    marketplaceRoot: join(data, "marketplace"),
    pluginCache: join(home, "plugins", "cache", MARKETPLACE_NAME, PLUGIN_NAME, "local"),
  };
}

/** Characters a path may hold and still be one unquoted shell word that Codex's rules match. */
const PLAIN_PATH = process.platform === "win32" ? /^[A-Za-z0-9_\-./\\:+@,=]+$/ : /^[A-Za-z0-9_\-./+@,=]+$/;

function needsQuoting(path: string): boolean {
  return !PLAIN_PATH.test(path);
}

export function assertPlainPath(path: string): void {
  if (!needsQuoting(path)) return;
  throw new CcError(`cc would be installed at ${JSON.stringify(path)}, which needs quoting in a shell command`, {
    hint:
      "Skills run cc by its absolute, unquoted path (Codex's allow rules only match simple commands). " +
      "Use a CODEX_HOME (--codex-home) or CC_DATA_DIR without spaces or shell-special characters.",
  });
}
