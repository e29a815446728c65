import { defineCommand } from "citty";
import { existsSync } from "node:fs";
import { commandMeta } from "./meta.ts";
import { buildInfo } from "../lib/build-info.ts";
import { updateCheckPath } from "../lib/paths.ts";
import { writeOut } from "../lib/stdout.ts";

export default defineCommand({
  meta: commandMeta("version"),
  args: {
    json: { type: "boolean", description: "Print as JSON" },
  },
  async run({ args }) {
    const info = buildInfo();
    // Only what the last `cc update --check` stored: no network on this path, and no zod loaded
    // (about 15 ms) unless there is a stored check to read.
    const newer = existsSync(updateCheckPath()) ? (await import("../update/notice.ts")).newerReleaseKnown(info.version) : null;
    if (args.json) writeOut(`${JSON.stringify({ ...info, ...(newer ? { newerRelease: newer } : {}) })}\n`);
    else writeOut(`cc ${info.version} (commit ${info.commit}, ${info.target})\n${newer ? `cc ${newer} is available: run \`cc update\` (notice off: "updateNotice": false in cc's config.json)\n` : ""}`);
  },
});
