import { defineCommand } from "citty";

export default defineCommand({
  meta: { name: "uninstall", description: "Remove cc from Codex: plugin, marketplace, rules file, hook trust and the binary copy" },
  args: {
    "codex-home": { type: "string", description: "Codex's home directory (default: $CODEX_HOME, else ~/.codex)" },
    "codex-bin": { type: "string", description: "The codex executable (default: $CC_CODEX_BIN, PATH, usual locations)" },
    purge: { type: "boolean", description: "Also delete cc's job results and settings" },
  },
  async run({ args }) {
    const { uninstall } = await import("../codex/uninstall.ts");
    const env = { ...process.env, ...(args["codex-home"] ? { CODEX_HOME: args["codex-home"] } : {}) };
    await uninstall({ env, codexBin: args["codex-bin"], purge: Boolean(args.purge), log: (line) => process.stdout.write(`${line}\n`) });
  },
});
