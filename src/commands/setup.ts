import { defineCommand } from "citty";
import { UsageError } from "../lib/errors.ts";
import { commandMeta } from "./meta.ts";

export default defineCommand({
  meta: commandMeta("setup"),
  args: {
    json: { type: "boolean", description: "Print the report as JSON" },
    "enable-review-gate": { type: "boolean", description: "Gate Codex's stop on a Claude review of the last turn" },
    "disable-review-gate": { type: "boolean", description: "Turn the stop-time review gate off" },
    "trust-hooks": { type: "boolean", description: "Trust cc's Codex hooks as installed (repairs untrusted hooks)" },
    "codex-bin": { type: "string", description: "The codex executable (default: $CC_CODEX_BIN, PATH, usual locations)" },
    yes: { type: "boolean", alias: "y", description: "Install what is missing without asking (Claude Code, with its own installer)" },
  },
  async run({ args }) {
    if (args["enable-review-gate"] && args["disable-review-gate"]) throw new UsageError("choose either --enable-review-gate or --disable-review-gate");
    const { exitIfSandboxed } = await import("../codex/preflight.ts");
    await exitIfSandboxed("setup");
    const { runSetup, renderSetup } = await import("../codex/setup.ts");
    const reviewGate = args["enable-review-gate"] ? true : args["disable-review-gate"] ? false : undefined;
    const { currentWorkspace } = await import("../lib/workspace.ts");
    // The installer question only on a terminal outside Codex; elsewhere the report prints the command.
    const [{ startedByCodex }, { askYesNo }] = await Promise.all([import("../lib/invocation.ts"), import("../lib/ask.ts")]);
    const canAsk = !args.json && process.stdin.isTTY && process.stdout.isTTY && !startedByCodex();
    const report = await runSetup({
      env: process.env,
      codexBin: args["codex-bin"],
      reviewGate,
      workspaceRoot: currentWorkspace().root,
      trustHooks: Boolean(args["trust-hooks"]),
      yes: Boolean(args.yes),
      ...(canAsk ? { ask: (question: string) => askYesNo(question, false) } : {}),
    });
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : renderSetup(report));
    if (!report.ready) process.exitCode = 1;
  },
});
