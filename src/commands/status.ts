import { defineCommand } from "citty";

export default defineCommand({
  meta: { name: "status", description: "List jobs, or show one job; --wait blocks until it ends" },
  args: {
    job: { type: "positional", required: false, description: "Job id or unique prefix (default: the list)" },
    all: { type: "boolean", description: "Every job of this workspace, not only this Codex session's" },
    wait: { type: "boolean", description: "Block until the job ends (exit 5 when --timeout passes first)" },
    timeout: { type: "string", description: "With --wait: give up after this long (90s, 10m; default 5m; 0 = never)" },
    json: { type: "boolean", description: "Print as JSON" },
    prune: { type: "boolean", description: "Delete finished jobs you have read (needs --older-than)" },
    "older-than": { type: "string", description: "With --prune: only jobs that finished longer ago than this (7d, 12h)" },
  },
  async run({ args }) {
    // The job store lives in the data dir, which Codex's sandbox makes read-only.
    const { exitIfSandboxed } = await import("../codex/preflight.ts");
    await exitIfSandboxed();
    const [{ statusCommand }, { deleteSnapshotsOf }] = await Promise.all([import("../jobs/status.ts"), import("../rescue/snapshot.ts")]);
    process.exitCode = await statusCommand({
      job: typeof args.job === "string" && args.job !== "" ? args.job : null,
      all: Boolean(args.all),
      wait: Boolean(args.wait),
      timeout: args.timeout ?? null,
      json: Boolean(args.json),
      prune: Boolean(args.prune),
      olderThan: args["older-than"] ?? null,
      onPruned: deleteSnapshotsOf,
    });
  },
});
