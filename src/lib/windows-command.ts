/**
 * Starting npm's `.cmd` shims (claude.cmd, codex.cmd) on Windows. node:child_process refuses to
 * spawn a .cmd or .bat without a shell (EINVAL, Node's CVE-2024-27980 fix, which Bun follows; seen
 * under Wine), and `shell: true` with an argument array joins the arguments unquoted. So a shim runs
 * as `cmd.exe /d /s /c "<command line>"`: each part quoted for CreateProcess, then cmd's
 * metacharacters escaped with ^ twice — once for this cmd.exe and once for the shim's own `%*`
 * (cross-spawn's rule for npm shims). Everything else is spawned as it is.
 */
import { CcError } from "./errors.ts";

export interface SpawnTarget {
  file: string;
  args: string[];
  /** Pass to spawn(): the command line is already quoted. */
  windowsVerbatimArguments: boolean;
}

const CMD_META = /([()\][%!^"`<>&|;, *?])/g;

/** Quote one argument as the Microsoft C runtime parses it back (backslashes before quotes doubled). */
function quoteForCreateProcess(arg: string): string {
  const escaped = arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, "$1$1");
  return `"${escaped}"`;
}

const caretEscape = (text: string) => text.replace(CMD_META, "^$1");

function isBatchFile(file: string): boolean {
  return /\.(cmd|bat)$/i.test(file);
}

export function spawnTarget(
  file: string,
  args: string[],
  platform: string = process.platform,
  env: Record<string, string | undefined> = process.env,
): SpawnTarget {
  if (platform !== "win32" || !isBatchFile(file)) return { file, args, windowsVerbatimArguments: false };
  // cmd.exe expands %VAR% (and !VAR!) even inside quotes, and no escape survives the shim's second pass.
  const unsafe = args.find((arg) => /[%!]/.test(arg));
  if (unsafe !== undefined) {
    throw new CcError(`cannot pass ${JSON.stringify(unsafe)} through ${file}: cmd.exe would expand its % or !`, {
      hint: "Point cc at the program itself (claudePath in cc's config, or CC_CLAUDE_BIN) instead of its .cmd shim.",
    });
  }
  const command = caretEscape(quoteForCreateProcess(file));
  const quotedArgs = args.map((arg) => caretEscape(caretEscape(quoteForCreateProcess(arg))));
  return { file: env.ComSpec || env.COMSPEC || "cmd.exe", args: ["/d", "/s", "/c", `"${[command, ...quotedArgs].join(" ")}"`], windowsVerbatimArguments: true };
}
