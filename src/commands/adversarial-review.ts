import { defineCommand } from "citty";
import { claudeRunArgs, reviewTargetArgs } from "./_shared-args.ts";

export default defineCommand({
  meta: { name: "adversarial-review", description: "Have Claude challenge your changes: design, assumptions, trade-offs, rollout risk" },
  args: {
    ...reviewTargetArgs,
    ...claudeRunArgs,
    focus: { type: "positional", required: false, description: "Free text: what to challenge in particular (e.g. 'the migration rollback')" },
  },
  async run({ args }) {
    const { reviewCommand } = await import("../review/command.ts");
    process.exitCode = await reviewCommand({ kind: "adversarial-review", ...args, focus: args._.join(" ") });
  },
});
