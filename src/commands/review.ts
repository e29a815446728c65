import { defineCommand } from "citty";
import { claudeRunArgs, reviewTargetArgs } from "./_shared-args.ts";
import { commandMeta } from "./meta.ts";

export default defineCommand({
  meta: commandMeta("review"),
  args: { ...reviewTargetArgs, ...claudeRunArgs },
  async run({ args }) {
    const { reviewCommand } = await import("./_review.ts");
    process.exitCode = await reviewCommand({
      kind: "review",
      ...args,
      quietProgress: args["quiet-progress"],
      maxTime: args["max-time"],
      sinceLast: args["since-last"],
      failOn: args["fail-on"],
      focus: args._.join(" "),
    });
  },
});
