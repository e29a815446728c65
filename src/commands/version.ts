import { defineCommand } from "citty";
import { buildInfo } from "../build-info.ts";

export default defineCommand({
  meta: { name: "version", description: "Print cc's version, git commit and build target" },
  args: {
    json: { type: "boolean", description: "Print as JSON" },
  },
  async run({ args }) {
    const info = buildInfo();
    // Only what the last `cc update --check` stored: no network on this path.
    const { newerReleaseKnown } = await import("../update/notice.ts");
    const newer = newerReleaseKnown(info.version);
    if (args.json) process.stdout.write(`${JSON.stringify({ ...info, ...(newer ? { newerRelease: newer } : {}) })}\n`);
    else process.stdout.write(`cc ${info.version} (commit ${info.commit}, ${info.target})\n${newer ? `cc ${newer} is available: run \`cc update\` (notice off: "updateNotice": false in cc's config.json)\n` : ""}`);
  },
});
