/**
 * `cc mcp`: serve cc's commands as MCP tools over stdio (src/mcp/server.ts), or print how MCP
 * clients start it. The SDK is imported only here, lazily: no other command loads it.
 */
import { defineCommand } from "citty";
import { commandMeta } from "./meta.ts";

export default defineCommand({
  meta: commandMeta("mcp"),
  args: {
    "print-config": {
      type: "boolean",
      description: "Print the mcpServers JSON (Claude Desktop, Cursor) and the Codex config.toml entry for this cc, then exit",
    },
  },
  async run({ args }) {
    if (args["print-config"]) {
      const [{ clientConfigJson, codexConfigToml }, { ccExecutable, isCompiled, selfCommand }] = await Promise.all([
        import("../mcp/registration.ts"),
        import("../lib/self.ts"),
      ]);
      // The binary's real path; from source, bun and the entry file.
      const bin = isCompiled() ? [ccExecutable()] : selfCommand();
      process.stdout.write(
        `# Claude Desktop (claude_desktop_config.json), Cursor (.cursor/mcp.json) and other MCP clients:\n${clientConfigJson(bin)}\n# Codex without cc's plugin ($CODEX_HOME/config.toml; \`cc install\` declares it in the plugin instead):\n${codexConfigToml(bin)}`,
      );
      return;
    }
    // Started by hand in a terminal: say what it is waiting for (stderr: stdout is the protocol's).
    if (process.stdin.isTTY)
      process.stderr.write(
        "cc mcp: an MCP server on stdin/stdout, for an MCP client to start (Ctrl-D ends it). `cc mcp --print-config` shows how to register it.\n",
      );
    const { serveMcp } = await import("../mcp/server.ts");
    await serveMcp();
  },
});
