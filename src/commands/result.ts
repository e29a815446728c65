import { defineCommand } from "citty";

export default defineCommand({
  meta: { name: "result", description: "Show a finished job's full output (default: the newest of this session)" },
  args: {
    job: { type: "positional", required: false, description: "Job id or unique prefix" },
    json: { type: "boolean", description: "Print as JSON" },
  },
  async run({ args }) {
    // The job store lives in the data dir, which Codex's sandbox makes read-only.
    const { exitIfSandboxed } = await import("../codex/preflight.ts");
    await exitIfSandboxed();
    const { resultCommand } = await import("../jobs/result.ts");
    process.exitCode = await resultCommand({ job: typeof args.job === "string" && args.job !== "" ? args.job : null, json: Boolean(args.json) });
  },
});
