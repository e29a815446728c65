import { defineCommand } from "citty";

export default defineCommand({
  meta: { name: "cancel", description: "Cancel a queued or running job (Claude and its tools are stopped)" },
  args: {
    job: { type: "positional", required: false, description: "Job id or unique prefix (default: the only active job of this session)" },
    json: { type: "boolean", description: "Print as JSON" },
  },
  async run({ args }) {
    // The job store lives in the data dir, which Codex's sandbox makes read-only.
    const { exitIfSandboxed } = await import("../codex/preflight.ts");
    await exitIfSandboxed();
    const { cancelCommand } = await import("../jobs/cancel.ts");
    process.exitCode = await cancelCommand({ job: typeof args.job === "string" && args.job !== "" ? args.job : null, json: Boolean(args.json) });
  },
});
