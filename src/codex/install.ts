/**
 * `cc install`: put this cc at its stable path, lay out the local marketplace, register and install
 * it through Codex's own CLI, verify, then (with the user's consent) write the rules file and trust
 * cc's hooks.
 *
 * Idempotent: each step compares what is there with what it would write and says "unchanged".
 * Interruptible: every write is a temp file or tree renamed into place, and the binary path never
 * changes, so a half-finished install leaves the previous one working.
 */
import { existsSync, readFileSync } from "node:fs";
import { installExecutable } from "../lib/atomic-write.ts";
import { CcError } from "../lib/errors.ts";
import { replaceTree, sameFile, treeEquals } from "../lib/file-tree.ts";
import { terminalHint } from "../lib/invocation.ts";
import { MARKETPLACE_NAME, PLUGIN_ID } from "../lib/paths.ts";
import { ensurePrivateDir } from "../lib/private-dir.ts";
import { ccExecutable, isCompiled } from "../lib/self.ts";
import { withAppServer } from "./app-server.ts";
import { rememberClaude } from "./claude-path.ts";
import { addMarketplace, addPlugin, assertSupportedCodex, type CodexCli, listMarketplaces, listPlugins, removeMarketplace } from "./codex-cli.ts";
import { ccTrustKeys, listCcHooks, readHookState, trustCcHooks } from "./hook-trust.ts";
import { findCodex } from "./locate.ts";
import { assertPlainPath, type InstallLocations, installLocations } from "./locations.ts";
import { payloadHasHooks, renderMarketplace, renderPluginFiles } from "./plugin-files.ts";
import { probeWrite } from "./preflight.ts";
import { installRules, renderRules, rulesPath } from "./rules.ts";

type Env = Record<string, string | undefined>;

/** true/false: the user decided by flag; undefined: ask on a terminal, otherwise leave it out. */
type Consent = boolean | undefined;

export interface InstallOptions {
  env: Env;
  codexBin?: string;
  yes: boolean;
  rules: Consent;
  trustHooks: Consent;
  /** Asks a yes/no question on the terminal; absent when stdin is not a terminal. */
  ask?: (question: string) => Promise<boolean>;
  log: (line: string) => void;
  /** The executable to install; defaults to the running compiled cc. */
  source?: string;
}

/** Shared by install and uninstall: CODEX_HOME pinned in the env every codex call gets. */
export function codexContext(env: Env, codexBin?: string): { cli: CodexCli; where: InstallLocations } {
  const where = installLocations(env);
  const codex = findCodex(codexBin, env);
  return { cli: { bin: codex.path, env: { ...env, CODEX_HOME: where.codexHome } }, where };
}

function assertWritable(dir: string, what: string): void {
  const code = probeWrite(dir);
  if (code) throw new CcError(`${what} ${dir} is not writable (${code})`, { hint: `Fix its permissions, or choose another directory with --codex-home.` });
}

async function consent(choice: Consent, opts: InstallOptions, question: string): Promise<boolean | "not asked"> {
  if (choice !== undefined) return choice;
  if (opts.yes) return true;
  if (opts.ask) return opts.ask(question);
  return "not asked";
}

/** What is true of the rules file when this install did not write it: a current one is kept, not missing. */
function rulesLeftAlone(why: string, path: string, wanted: string): string {
  if (!existsSync(path))
    return `- rules file not written (${why}): inside Codex's sandbox every cc skill will ask for approval, and \`codex exec\` cannot run cc at all`;
  if (readFileSync(path, "utf8") === wanted) return `✓ rules ${path} (unchanged, kept)`;
  return `- rules ${path} kept as it is (${why}), though it differs from what this cc writes; ${terminalHint("install", "--rules")} rewrites it`;
}

export async function install(opts: InstallOptions): Promise<void> {
  const { log } = opts;
  const { cli, where } = codexContext(opts.env, opts.codexBin);
  const version = await assertSupportedCodex(cli);
  log(`✓ codex ${version} (${cli.bin})`);

  const source = opts.source ?? (isCompiled() ? ccExecutable() : null);
  if (!source) {
    throw new CcError("cc install copies the running executable, and this cc runs from source", {
      hint: "Build it (`bun run build`) and run `dist/cc install`.",
    });
  }
  assertPlainPath(where.binary);
  assertWritable(where.codexHome, "CODEX_HOME");
  ensurePrivateDir(where.dataDir); // the binary and the plugin's skills live here: no one else may write them
  assertWritable(where.dataDir, "cc's data directory");

  // 0. Where claude is, as this terminal sees it (Codex's login shells may not).
  log(rememberClaude(opts.env));

  // 1. The binary, at its stable path.
  if (sameFile(source, where.binary)) log(`✓ binary ${where.binary} (unchanged)`);
  else {
    const existed = existsSync(where.binary);
    installExecutable(source, where.binary);
    log(`✓ binary ${where.binary} (${existed ? "updated" : "installed"})`);
  }

  // 2. The local marketplace with the rendered plugin.
  const marketplace = renderMarketplace(where.binary);
  if (treeEquals(where.marketplaceRoot, marketplace)) log(`✓ marketplace ${where.marketplaceRoot} (unchanged)`);
  else {
    replaceTree(where.marketplaceRoot, marketplace);
    log(`✓ marketplace ${where.marketplaceRoot} (written)`);
  }

  // 3. Register the marketplace with Codex (re-register when it points elsewhere).
  const registered = (await listMarketplaces(cli)).find((m) => m.name === MARKETPLACE_NAME);
  if (registered?.root === where.marketplaceRoot) log(`✓ marketplace "${MARKETPLACE_NAME}" registered with Codex (unchanged)`);
  else {
    if (registered) await removeMarketplace(cli, MARKETPLACE_NAME);
    await addMarketplace(cli, where.marketplaceRoot);
    log(`✓ marketplace "${MARKETPLACE_NAME}" registered with Codex`);
  }

  // 4. Install the plugin unless Codex already has exactly these files, enabled.
  const before = (await listPlugins(cli)).find((p) => p.pluginId === PLUGIN_ID);
  const current = before?.installed && before.enabled && treeEquals(where.pluginCache, renderPluginFiles(where.binary));
  if (current) log(`✓ plugin ${PLUGIN_ID} installed and enabled (unchanged)`);
  else {
    await addPlugin(cli, PLUGIN_ID);
    const after = (await listPlugins(cli)).find((p) => p.pluginId === PLUGIN_ID);
    if (!after?.installed || !after.enabled) {
      throw new CcError(`Codex does not list ${PLUGIN_ID} as installed and enabled after \`codex plugin add\``, { hint: `Check \`${cli.bin} plugin list\`.` });
    }
    log(`✓ plugin ${PLUGIN_ID} installed and enabled`);
  }

  // 5. The rules file: lets Codex run cc outside its sandbox without a prompt.
  const rulesChoice = await consent(
    opts.rules,
    opts,
    `Write ${rulesPath(where.codexHome)} so Codex runs ${where.binary} outside its sandbox without asking? [Y/n] `,
  );
  if (rulesChoice === true) {
    const result = await installRules(cli, where.codexHome, where.binary);
    log(`✓ rules ${rulesPath(where.codexHome)} (${result === "written" ? "written, checked with codex execpolicy" : "unchanged"})`);
  } else {
    log(
      rulesLeftAlone(
        rulesChoice === "not asked" ? "not a terminal; pass --rules to write it" : "declined",
        rulesPath(where.codexHome),
        renderRules(where.binary),
      ),
    );
  }

  // 6. Hook trust: only when this cc ships hooks.
  if (!payloadHasHooks()) {
    log("- hooks: this cc version ships none, nothing to trust");
    return;
  }
  // A repeat install: hooks trusted before (and unchanged since) need no question, and a missing
  // terminal must not make them read as untrusted. Only asked of Codex when config.toml has cc's keys.
  if (ccTrustKeys(readHookState(where.codexHome)).length > 0) {
    const hooks = await withAppServer(cli, (server) => listCcHooks(server, process.cwd()));
    if (hooks.length > 0 && hooks.every((h) => h.trustStatus === "trusted")) {
      log(`✓ hooks trusted (${hooks.length} hook${hooks.length === 1 ? "" : "s"}, unchanged)`);
      return;
    }
  }
  const trustChoice = await consent(
    opts.trustHooks,
    opts,
    "Trust cc's Codex hooks (they run `cc hook <event>` at session start/end, on prompts and on stop)? [Y/n] ",
  );
  if (trustChoice !== true) {
    const why = trustChoice === "not asked" ? "not a terminal; pass --yes to trust them" : "declined";
    log(`- hooks not trusted (${why}): Codex skips them until you approve them in its /hooks review`);
    return;
  }
  const trusted = await withAppServer(cli, (server) => trustCcHooks(server, process.cwd()));
  log(
    `✓ hooks trusted (${trusted.total} hook${trusted.total === 1 ? "" : "s"}, ${trusted.trustedNow === 0 ? "unchanged" : `${trusted.trustedNow} newly trusted`})`,
  );
}
