import { defineCommand } from "citty";
import { commandMeta } from "./meta.ts";
import { buildInfo } from "../lib/build-info.ts";

export default defineCommand({
  meta: commandMeta("version"),
  args: {
    json: { type: "boolean", description: "Print as JSON" },
  },
  run({ args }) {
    const info = buildInfo();
    if (args.json) process.stdout.write(`${JSON.stringify(info)}\n`);
    else process.stdout.write(`cc ${info.version} (commit ${info.commit}, ${info.target})\n`);
  },
});
