import { defineCommand } from "citty";
import { existsSync } from "node:fs";
import { buildInfo } from "../build-info.ts";
import { updateCheckPath } from "../paths.ts";

export default defineCommand({
  meta: { name: "version", description: "Print cc's version, git commit and build target" },
  args: {
    json: { type: "boolean", description: "Print as JSON" },
  },
  async run({ args }) {
    const info = buildInfo();
    // Only what the last `cc update --check` stored: no network on this path, and no zod loaded
    // (about 15 ms) unless there is a stored check to read.
    const newer = existsSync(updateCheckPath()) ? (await import("../update/notice.ts")).newerReleaseKnown(info.version) : null;
    if (args.json) process.stdout.write(`${JSON.stringify({ ...info, ...(newer ? { newerRelease: newer } : {}) })}\n`);
    else process.stdout.write(`cc ${info.version} (commit ${info.commit}, ${info.target})\n${newer ? `cc ${newer} is available: run \`cc update\` (notice off: "updateNotice": false in cc's config.json)\n` : ""}`);
  },
});
