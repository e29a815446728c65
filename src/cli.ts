#!/usr/bin/env bun
/**
 * cc's entry point: imports nothing, so that each path loads only its own modules (the build
 * splits the binary into chunks at every dynamic import). `cc hook` runs on every Codex prompt and
 * stop: it goes straight to its handler, without citty, the command table or Node's streams; so
 * does plain `cc version [--json]`, and plain `cc status` takes its quick road when it can
 * (src/commands/_status-quick.ts). Every other command (and `cc hook --help`) goes through
 * src/cli-main.ts.
 */
const argv = process.argv.slice(2);
/** `--json` and nothing else (a loop, not `every`: see src/jobs/statuses.ts sqlStatuses). */
function onlyJsonFlags(args: string[]): boolean {
  for (const arg of args) if (arg !== "--json") return false;
  return true;
}
const main = async () => (await import("./cli-main.ts")).main(argv);
if (argv[0] === "hook" && !argv.includes("--help") && !argv.includes("-h")) await (await import("./commands/hook.ts")).runHookCommand(argv.slice(1));
else if (argv[0] === "version" && onlyJsonFlags(argv.slice(1))) {
  // A problem (a relative CC_DATA_DIR …) is reported by the full road, in cc's usual form.
  await (await import("./commands/version.ts")).printVersion(argv.includes("--json")).catch(main);
} else if (argv[0] === "status" && argv.length === 1) {
  // Plain `cc status` (the list): the quick road when the store's state allows; else, having
  // printed nothing, the full command.
  const quick = await (await import("./commands/_status-quick.ts")).quickStatusList().catch(() => false);
  if (!quick) await main();
} else await main();
