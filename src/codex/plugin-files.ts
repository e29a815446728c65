/**
 * The files of the plugin directory Codex installs, rendered from the embedded payload.
 *
 * Only what Codex reads goes into the plugin directory (manifest, skills, hooks): Codex hashes every
 * file there to decide whether cc's hooks are still trusted, so prompts and schemas that cc itself
 * uses stay inside the binary. Skill and hook templates name the installed binary by `{{CC_BIN}}`,
 * filled in here with its absolute path.
 */

import { MARKETPLACE_NAME, PLUGIN_NAME } from "../lib/paths.ts";
import { codexServerEntry, MCP_SERVER_NAME } from "../mcp/registration.ts";
import { payloadFiles } from "../payload/files.ts";

const CC_BIN_PLACEHOLDER = "{{CC_BIN}}";

/** The skills, in the order `cc setup` reports them (defined next to the hint rule that uses them too). */
export { SKILL_NAMES } from "../lib/invocation.ts";

/** Payload prefixes that become plugin files, and where they go inside the plugin directory. */
const LAYOUT: [payloadPrefix: string, pluginPrefix: string][] = [
  ["plugin/.codex-plugin/", ".codex-plugin/"],
  ["plugin/skills/", "skills/"],
  ["hooks/", "hooks/"],
];

const MANIFEST = ".codex-plugin/plugin.json";

/**
 * The manifest declares cc's MCP server (`cc mcp`, by the binary's absolute path), so installing or
 * uninstalling the plugin adds or removes it. Written as JSON, not by text substitution: a Windows
 * path's backslashes must be escaped.
 */
function withMcpServer(manifest: string, ccBin: string): string {
  const parsed = JSON.parse(manifest) as Record<string, unknown>;
  return `${JSON.stringify({ ...parsed, mcpServers: { [MCP_SERVER_NAME]: codexServerEntry(ccBin) } }, null, 2)}\n`;
}

/** Plugin-relative path → content, with the binary path filled in. */
export function renderPluginFiles(ccBin: string, payload: Readonly<Record<string, string>> = payloadFiles): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [path, content] of Object.entries(payload)) {
    const rule = LAYOUT.find(([prefix]) => path.startsWith(prefix));
    if (!rule) continue;
    const target = rule[1] + path.slice(rule[0].length);
    files[target] = target === MANIFEST ? withMcpServer(content, ccBin) : content.replaceAll(CC_BIN_PLACEHOLDER, ccBin);
  }
  return files;
}

/** True when the payload ships hooks (hooks/hooks.json), i.e. there is something to trust. */
export const payloadHasHooks = (payload: Readonly<Record<string, string>> = payloadFiles): boolean => "hooks/hooks.json" in payload;

/** The local marketplace's `.agents/plugins/marketplace.json`: one plugin, `cc`, in `./plugins/cc`. */
function marketplaceJson(): string {
  const manifest = {
    name: MARKETPLACE_NAME,
    interface: { displayName: "cc (Claude Code for Codex)" },
    plugins: [
      {
        name: PLUGIN_NAME,
        source: { source: "local", path: `./plugins/${PLUGIN_NAME}` },
        policy: { installation: "AVAILABLE", authentication: "ON_INSTALL" },
        category: "Coding",
      },
    ],
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Marketplace-root-relative path → content: the marketplace manifest plus the plugin directory. */
export function renderMarketplace(ccBin: string): Record<string, string> {
  const files: Record<string, string> = { ".agents/plugins/marketplace.json": marketplaceJson() };
  for (const [path, content] of Object.entries(renderPluginFiles(ccBin))) files[`plugins/${PLUGIN_NAME}/${path}`] = content;
  return files;
}
