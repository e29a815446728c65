/**
 * How MCP clients start `cc mcp`: the server entry of cc's Codex plugin (its manifest's
 * `mcpServers`), and the snippets `cc mcp --print-config` prints for other clients.
 *
 * Codex starts MCP servers with a filtered environment (HOME, PATH, locale, shell, TMPDIR, …), so
 * the entry names what Codex should hand over (`env_vars`): the variables cc's environment policy
 * lets reach Claude (its login and endpoint, proxies, Bedrock/Vertex, toolchain locations) and cc's
 * own settings (CODEX_HOME, CC_*). Codex takes exact names only, so the policy's prefixes are
 * spelled out as the names Claude Code and cc read.
 */
import { MCP_PASSED_NAMES } from "../claude/environment.ts";
import { TOOLS } from "./tools.ts";

/** The server's name: the tools reach Codex's model as `mcp__cc__<tool>`. */
export const MCP_SERVER_NAME = "cc";

/** cc's own settings a server started by a client needs to find its store, claude and Codex. */
const CC_OWN_NAMES = ["CODEX_HOME", "CC_DATA_DIR", "CC_CLAUDE_BIN", "CC_CODEX_BIN", "CC_CONFIG", "PLUGIN_DATA"];

const serverEnvVars = (): string[] => [...new Set([...MCP_PASSED_NAMES, ...CC_OWN_NAMES])];

/** Per tool: `approve` for the tools the plugin pre-approves (Codex asks for none of them). */
const approvals = (): Record<string, { approval_mode: "approve" }> =>
  Object.fromEntries(TOOLS.filter((t) => t.approved).map((t) => [t.name, { approval_mode: "approve" as const }]));

/** The entry in the plugin manifest's `mcpServers` (config.toml field names). */
export function codexServerEntry(ccBin: string): Record<string, unknown> {
  return {
    command: ccBin,
    args: ["mcp"],
    // The installed plugin's own directory (always there): the session's cwd comes with each call.
    cwd: ".",
    env_vars: serverEnvVars(),
    // Jobs are waited for at most 240 s; the rest of the default 300 s is margin.
    tool_timeout_sec: 300,
    tools: approvals(),
  };
}

/** `mcpServers` JSON for Claude Desktop, Cursor and other clients (they pass their own environment). `cc`: this cc's argv. */
export function clientConfigJson(cc: string[]): string {
  return `${JSON.stringify({ mcpServers: { [MCP_SERVER_NAME]: { command: cc[0], args: [...cc.slice(1), "mcp"] } } }, null, 2)}\n`;
}

const tomlString = (value: string): string => JSON.stringify(value);

/** The same server for Codex's config.toml, for a Codex without cc's plugin. */
export function codexConfigToml(cc: string[]): string {
  const lines = [
    `[mcp_servers.${MCP_SERVER_NAME}]`,
    `command = ${tomlString(cc[0]!)}`,
    `args = [${[...cc.slice(1), "mcp"].map(tomlString).join(", ")}]`,
    `env_vars = [${serverEnvVars().map(tomlString).join(", ")}]`,
    `tool_timeout_sec = 300`,
  ];
  for (const [tool, { approval_mode }] of Object.entries(approvals()))
    lines.push("", `[mcp_servers.${MCP_SERVER_NAME}.tools.${tool}]`, `approval_mode = ${tomlString(approval_mode)}`);
  return `${lines.join("\n")}\n`;
}
