import { defineCommand } from "citty";
import { claudeRunArgs, reviewTargetArgs } from "./_shared-args.ts";
import { commandMeta } from "./meta.ts";

export default defineCommand({
  meta: commandMeta("adversarial-review"),
  args: {
    ...reviewTargetArgs,
    ...claudeRunArgs,
    focus: { type: "positional", required: false, description: "Free text: what to challenge in particular (e.g. 'the migration rollback')" },
  },
  async run({ args }) {
    const { reviewCommand } = await import("./_review.ts");
    process.exitCode = await reviewCommand({
      kind: "adversarial-review",
      ...args,
      quietProgress: args["quiet-progress"],
      maxTime: args["max-time"],
      sinceLast: args["since-last"],
      failOn: args["fail-on"],
      focus: args._.join(" "),
    });
  },
});
