import { defineCommand } from "citty";
import { commandMeta } from "./meta.ts";

export default defineCommand({
  meta: commandMeta("update"),
  args: {
    check: { type: "boolean", description: "Only say whether a newer release exists" },
    version: { type: "string", description: "Install this release (e.g. 0.2.0) instead of the newest; may go back" },
  },
  async run({ args }) {
    const [{ update }, { versionSchema }, { UsageError }] = await Promise.all([
      import("../update/update.ts"),
      import("../update/assets.ts"),
      import("../lib/errors.ts"),
    ]);
    const wanted = args.version?.replace(/^v/, "");
    if (wanted !== undefined && !versionSchema.safeParse(wanted).success)
      throw new UsageError(`--version must be a version like 0.2.0, got ${JSON.stringify(args.version)}`, "Leave it out to get the newest release.");
    await update({ env: process.env, check: Boolean(args.check), ...(wanted ? { version: wanted } : {}), log: (line) => process.stdout.write(`${line}\n`) });
  },
});
