/** `cc wait <job…>`: block until every named job ends, one line per outcome as it arrives; exit 0 only when all completed. */
import { defineCommand } from "citty";
import { waitForJobs } from "./_wait-jobs.ts";
import { commandMeta } from "./meta.ts";

export default defineCommand({
  meta: commandMeta("wait"),
  args: {
    jobs: { type: "positional", required: false, description: "Job ids (or unique prefixes) to wait for" },
    timeout: { type: "string", description: "Give up after this long (90s, 10m; default: wait until they all end); exit 5" },
    json: { type: "boolean", description: "Print the outcomes as JSON at the end" },
  },
  async run({ args }) {
    process.exitCode = await waitForJobs({
      jobs: args._.map(String),
      timeout: typeof args.timeout === "string" ? args.timeout : null,
      json: Boolean(args.json),
    });
  },
});
