import { defineCommand } from "citty";
import { buildInfo } from "../lib/build-info.ts";

export default defineCommand({
  meta: { name: "version", description: "Print cc's version, git commit and build target" },
  args: {
    json: { type: "boolean", description: "Print as JSON" },
  },
  run({ args }) {
    const info = buildInfo();
    if (args.json) process.stdout.write(`${JSON.stringify(info)}\n`);
    else process.stdout.write(`cc ${info.version} (commit ${info.commit}, ${info.target})\n`);
  },
});
