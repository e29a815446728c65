import { defineCommand } from "citty";

/** Internal: the detached background worker `--background` starts. Output goes to the job's log. */
export default defineCommand({
  meta: { name: "worker", description: "Run a queued job (internal: started by --background)" },
  args: {
    job: { type: "positional", required: true, description: "Job id" },
  },
  async run({ args }) {
    const { runWorker } = await import("../jobs/worker.ts");
    process.exitCode = await runWorker(String(args.job));
  },
});
