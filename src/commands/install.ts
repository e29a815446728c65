import { defineCommand } from "citty";
import { commandMeta } from "./meta.ts";

export default defineCommand({
  meta: commandMeta("install"),
  args: {
    "codex-home": { type: "string", description: "Codex's home directory (default: $CODEX_HOME, else ~/.codex)" },
    "codex-bin": { type: "string", description: "The codex executable (default: $CC_CODEX_BIN, PATH, usual locations)" },
    yes: { type: "boolean", alias: "y", description: "Agree to the rules file and hook trust without asking" },
    rules: { type: "boolean", description: "Write $CODEX_HOME/rules/cc.rules (--no-rules: don't)" },
    "trust-hooks": { type: "boolean", description: "Trust cc's Codex hooks (--no-trust-hooks: don't)" },
  },
  async run({ args }) {
    const [{ install }, { askYesNo }] = await Promise.all([import("../codex/install.ts"), import("../lib/ask.ts")]);
    const env = { ...process.env, ...(args["codex-home"] ? { CODEX_HOME: args["codex-home"] } : {}) };
    await install({
      env,
      codexBin: args["codex-bin"],
      yes: Boolean(args.yes),
      // Absent → undefined (ask), --x → true, --no-x → false: citty leaves an absent boolean undefined.
      rules: args.rules,
      trustHooks: args["trust-hooks"],
      ...(process.stdin.isTTY && process.stdout.isTTY ? { ask: askYesNo } : {}),
      log: (line) => process.stdout.write(`${line}\n`),
    });
    // The last line says what to do now: the rest happens inside Codex.
    process.stdout.write(
      "Next: start Codex in a repository (`codex` in its directory) and type `$cc:setup` to check everything, or `$cc:review` to review your changes.\n",
    );
  },
});
