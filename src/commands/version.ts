import type { CommandDef } from "citty";
import { buildInfo } from "../lib/build-info.ts";
import { updateCheckPath } from "../lib/paths.ts";
import { writeOut } from "../lib/stdout.ts";
import { commandMeta } from "./meta.ts";

/**
 * `cc version [--json]`. src/cli.ts calls this straight for those two forms (no citty, no command
 * table: `cc version` is the yardstick of a cc start); every other form goes through citty.
 */
export async function printVersion(json: boolean): Promise<void> {
  const info = buildInfo();
  // Only what the last `cc update --check` stored: no network on this path, and no zod loaded
  // (about 15 ms) unless there is a stored check to read.
  const newer = (await Bun.file(updateCheckPath()).exists()) ? (await import("../update/notice.ts")).newerReleaseKnown(info.version) : null;
  if (json) writeOut(`${JSON.stringify({ ...info, ...(newer ? { newerRelease: newer } : {}) })}\n`);
  else
    writeOut(
      `cc ${info.version} (commit ${info.commit}, ${info.target})\n${newer ? `cc ${newer} is available: run \`cc update\` (notice off: "updateNotice": false in cc's config.json)\n` : ""}`,
    );
}

// A plain definition (citty's `defineCommand` is the identity): loading this module loads no citty.
const command: CommandDef<{ json: { type: "boolean"; description: string } }> = {
  meta: commandMeta("version"),
  args: {
    json: { type: "boolean", description: "Print as JSON" },
  },
  async run({ args }) {
    await printVersion(Boolean(args.json));
  },
};
export default command;
