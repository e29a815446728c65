/**
 * `cc setup`'s checks of Claude Code's side: the claude executable and its login, Claude Code's own
 * installer offered when it is missing, and whether its OS sandbox can contain a write rescue here.
 * (src/codex/setup.ts runs them with the Codex checks and renders the report.)
 */
import { claudeAuthStatus } from "../claude/auth.ts";
import { ClaudeNotFoundError, findClaude, INSTALL_COMMAND } from "../claude/locate.ts";
import { installerCommand, runNativeInstaller } from "../claude/native-installer.ts";
import { sandboxAvailability } from "../claude/sandbox.ts";
import { readConfig } from "../lib/config.ts";
import { terminalHint } from "../lib/invocation.ts";
import { configPath } from "../lib/paths.ts";
import { staleRememberedClaude } from "./claude-path.ts";

export type Env = Record<string, string | undefined>;

/** One line of the report. */
export interface Check {
  id: string;
  ok: boolean;
  /** Optional checks (the rules file) do not make cc "not ready". */
  optional?: boolean;
  detail: string;
  fix?: string;
  warning?: string;
}

export const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Bounded, and a program that cannot start (missing, not executable, not a program: ENOEXEC) is a reply, not a crash. */
async function runBounded(argv: string[], env: Env, timeoutMs: number): Promise<{ code: number | null; stdout: string; spawnError?: string }> {
  let child: ReturnType<typeof Bun.spawn<"ignore", "pipe", "ignore">>;
  try {
    child = Bun.spawn(argv, { env: env as Record<string, string>, stdin: "ignore", stdout: "pipe", stderr: "ignore" });
  } catch (error) {
    return { code: null, stdout: "", spawnError: (error as NodeJS.ErrnoException).code ?? message(error) };
  }
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const [stdout, code] = await Promise.all([new Response(child.stdout).text(), child.exited]);
  clearTimeout(timer);
  return { code, stdout };
}

/** Why a program did not start, in words; ENOEXEC is what an npm package whose postinstall did not run leaves. */
const spawnProblem = (code: string): string =>
  code === "ENOEXEC"
    ? "ENOEXEC: it is not a program, likely the placeholder of an npm install whose postinstall did not run"
    : code === "EACCES"
      ? "EACCES: it is not executable"
      : code === "ENOENT"
        ? "ENOENT: it is gone"
        : code;

export async function claudeChecks(env: Env): Promise<Check[]> {
  let path: string;
  let source: string;
  try {
    ({ path, source } = findClaude({ env }));
  } catch (error) {
    let hint = (error as { hint?: string }).hint;
    if (error instanceof ClaudeNotFoundError && !readConfig(configPath(env)).claudePath && !env.CC_CLAUDE_BIN) {
      hint = `Run Claude Code's own installer: \`${installerCommand(env)}\` (${terminalHint("setup", "--yes")} in a terminal runs it for you); or ${INSTALL_COMMAND}.`;
    }
    return [
      { id: "claude", ok: false, detail: message(error), ...(hint ? { fix: hint } : {}) },
      { id: "auth", ok: false, detail: "unknown (claude not found)", fix: "Install claude first." },
    ];
  }
  const [version, auth] = await Promise.all([runBounded([path, "--version"], env, 10000), claudeAuthStatus({ env, claudePath: path })]);
  const how = source === "remembered" ? ", remembered at install" : "";
  const claude: Check =
    version.code === 0
      ? { id: "claude", ok: true, detail: `${path} (${version.stdout.trim().split("\n")[0]}${how})` }
      : {
          id: "claude",
          ok: false,
          detail: `${path} does not run (${version.spawnError ? spawnProblem(version.spawnError) : "`claude --version` failed"})`,
          fix: `Reinstall Claude Code: ${INSTALL_COMMAND}`,
        };
  const stale = staleRememberedClaude(env);
  if (stale) claude.warning = `cc install found claude at ${stale}, which is gone; run ${terminalHint("install")} in a terminal to remember where it is now.`;
  let login: Check;
  if (auth.error) login = { id: "auth", ok: false, detail: auth.error, fix: "Run `claude auth status` to see what is wrong." };
  else if (auth.loggedIn)
    login = { id: "auth", ok: true, detail: `logged in (${auth.method ?? "unknown method"}${auth.apiKeySource ? `, key from ${auth.apiKeySource}` : ""})` };
  else if (auth.baseUrl) login = { id: "auth", ok: true, detail: `not logged in, but ANTHROPIC_BASE_URL=${auth.baseUrl} handles auth` };
  else login = { id: "auth", ok: false, detail: "not logged in", fix: "Run `claude auth login` (or set ANTHROPIC_API_KEY)." };
  if (auth.warning) login.warning = auth.warning;
  return [claude, login];
}

/** The package manager's command that installs what Claude Code's OS sandbox needs on Linux. */
function sandboxInstallCommand(env: Env): string {
  const packages = "bubblewrap socat";
  const onPath = (name: string) => Boolean(Bun.which(name, { PATH: env.PATH ?? "" }));
  if (onPath("apt-get")) return `sudo apt-get install ${packages}`;
  if (onPath("dnf")) return `sudo dnf install ${packages}`;
  if (onPath("pacman")) return `sudo pacman -S ${packages}`;
  if (onPath("apk")) return `sudo apk add ${packages}`;
  return `install ${packages} with your package manager`;
}

/** Can a write rescue run inside Claude Code's OS sandbox here (cc refuses one that cannot, unless --no-sandbox)? */
export function rescueSandboxCheck(env: Env): Check {
  const available = sandboxAvailability(process.platform, env);
  if (available.ok) return { id: "rescue-sandbox", ok: true, detail: `write rescues run in Claude Code's OS sandbox (${available.mechanism})` };
  const fix =
    process.platform === "linux"
      ? `${sandboxInstallCommand(env)}; until then a write rescue needs --no-sandbox (Claude's commands then run unconfined)`
      : "a write rescue needs --no-sandbox here (Claude's commands then run unconfined)";
  return { id: "rescue-sandbox", ok: false, optional: true, detail: `write rescues cannot be sandboxed here: ${available.reason}`, fix };
}

/**
 * Claude Code missing from every place cc looks (not a setting that points nowhere): offer its own
 * installer — asked on a terminal (Enter means no), run at once with --yes — and say what happened.
 */
export async function offerClaudeInstall(env: Env, consent: { yes?: boolean; ask?: (question: string) => Promise<boolean> }): Promise<string | null> {
  if (!consent.yes && !consent.ask) return null;
  try {
    findClaude({ env });
    return null;
  } catch (error) {
    if (!(error instanceof ClaudeNotFoundError) || readConfig(configPath(env)).claudePath || env.CC_CLAUDE_BIN) return null;
  }
  const command = installerCommand(env);
  const yes = consent.yes || (await consent.ask!(`Claude Code is not installed. Run its installer now (${command})? [y/N] `));
  if (!yes) return `Left Claude Code uninstalled; \`${command}\` installs it.`;
  const result = await runNativeInstaller(env);
  return result.ok ? `Installed Claude Code: ${result.detail}.` : `Claude Code's installer failed: ${result.detail}.`;
}
