import { defineCommand } from "citty";
import type { TransferOutcome } from "../contracts/transfer.ts";
import { commandMeta } from "./meta.ts";

export default defineCommand({
  meta: commandMeta("transfer"),
  args: {
    to: {
      type: "string",
      description: "claude (default: this Codex thread becomes a Claude Code session) or codex (a Claude Code session becomes a Codex thread)",
    },
    thread: { type: "string", description: "With --to claude: the Codex thread id (default: the thread running cc, CODEX_THREAD_ID)" },
    session: { type: "string", description: "With --to codex: a Claude session id or a cc job id (default: the newest Claude session of this directory)" },
    json: { type: "boolean", description: "Print the outcome as JSON" },
  },
  async run({ args }) {
    const { CcError, UsageError } = await import("../lib/errors.ts");
    const to = args.to ?? "claude";
    if (to !== "claude" && to !== "codex") throw new UsageError(`--to must be claude or codex, not "${to}"`);
    if (to === "codex" && args.thread !== undefined)
      throw new UsageError("--thread names a Codex thread to send to Claude; it does not go with --to codex", "Use --session <id> to pick the Claude session.");
    if (to === "claude" && args.session !== undefined)
      throw new UsageError("--session names a Claude session to send to Codex; it goes with --to codex", "Use --thread <id> to pick the Codex thread.");
    const { currentWorkspace } = await import("../lib/workspace.ts");
    const workspace = currentWorkspace();
    let outcome: TransferOutcome;
    try {
      if (to === "claude") {
        const { transferToClaude } = await import("../transfer/to-claude.ts");
        outcome = transferToClaude({ threadId: args.thread ?? null, workspace });
      } else {
        const [{ transferToCodex }, { importClaudeSession }, { findCodex }, { codexHome }] = await Promise.all([
          import("../transfer/to-codex.ts"),
          import("../codex/session-import.ts"),
          import("../codex/locate.ts"),
          import("../lib/paths.ts"),
        ]);
        const codex = { bin: findCodex().path, env: { ...process.env, CODEX_HOME: codexHome() } };
        const importSession = (session: Parameters<typeof importClaudeSession>[2]) => importClaudeSession(codex, codexHome(), session);
        outcome = await transferToCodex({ session: args.session ?? null, workspace, importSession });
      }
    } catch (error) {
      // Say plainly that the transfer failed; the domain's message says why and what was (not) written.
      if (error instanceof CcError)
        throw new CcError(`transfer failed: ${error.message}`, { exitCode: error.exitCode, ...(error.hint ? { hint: error.hint } : {}), cause: error });
      throw error;
    }
    const { renderTransfer } = await import("../render/transfer.ts");
    process.stdout.write(args.json ? `${JSON.stringify(outcome, null, 2)}\n` : renderTransfer(outcome));
  },
});
