#!/usr/bin/env bun
/**
 * cc's entry point: imports nothing, so that each path loads only its own modules (the build
 * splits the binary into chunks at every dynamic import). `cc hook` runs on every Codex prompt and
 * stop: it goes straight to its handler, without citty, the command table or Node's streams; every
 * other command (and `cc hook --help`) goes through src/cli-main.ts.
 */
const argv = process.argv.slice(2);
if (argv[0] === "hook" && !argv.includes("--help") && !argv.includes("-h")) await (await import("./commands/hook.ts")).runHookCommand(argv.slice(1));
else await (await import("./cli-main.ts")).main(argv);
