import { defineCommand } from "citty";
import { commandMeta } from "./meta.ts";

export default defineCommand({
  meta: commandMeta("uninstall"),
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
