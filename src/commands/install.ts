import { defineCommand } from "citty";

export default defineCommand({
  meta: { name: "install", description: "Install cc into Codex: binary, plugin, skills, and (if you agree) the rules file and hook trust" },
  args: {
    "codex-home": { type: "string", description: "Codex's home directory (default: $CODEX_HOME, else ~/.codex)" },
    "codex-bin": { type: "string", description: "The codex executable (default: $CC_CODEX_BIN, PATH, usual locations)" },
    yes: { type: "boolean", alias: "y", description: "Agree to the rules file and hook trust without asking" },
    rules: { type: "boolean", description: "Write $CODEX_HOME/rules/cc.rules (--no-rules: don't)" },
    "trust-hooks": { type: "boolean", description: "Trust cc's Codex hooks (--no-trust-hooks: don't)" },
  },
  async run({ args, rawArgs }) {
    const [{ install }, { askYesNo }] = await Promise.all([import("../codex/install.ts"), import("../lib/ask.ts")]);
    const env = { ...process.env, ...(args["codex-home"] ? { CODEX_HOME: args["codex-home"] } : {}) };
    await install({
      env,
      codexBin: args["codex-bin"],
      yes: Boolean(args.yes),
      rules: flagChoice(rawArgs, "rules"),
      trustHooks: flagChoice(rawArgs, "trust-hooks"),
      ...(process.stdin.isTTY && process.stdout.isTTY ? { ask: askYesNo } : {}),
      log: (line) => process.stdout.write(`${line}\n`),
    });
  },
});

/** --x → true, --no-x → false, absent → undefined (ask). citty cannot tell "absent" from "false". */
function flagChoice(rawArgs: string[], name: string): boolean | undefined {
  let choice: boolean | undefined;
  for (const arg of rawArgs) {
    if (arg === "--") break;
    if (arg === `--${name}` || arg === `--${name}=true`) choice = true;
    if (arg === `--no-${name}` || arg === `--${name}=false`) choice = false;
  }
  return choice;
}
