import { defineCommand } from "citty";
import { claudeRunArgs, reviewTargetArgs } from "./_shared-args.ts";

export default defineCommand({
  meta: { name: "review", description: "Have Claude review your changes (working tree, or the branch against its base)" },
  args: { ...reviewTargetArgs, ...claudeRunArgs },
  async run({ args }) {
    const { reviewCommand } = await import("../review/command.ts");
    process.exitCode = await reviewCommand({ kind: "review", ...args, focus: args._.join(" ") });
  },
});
