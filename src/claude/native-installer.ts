/**
 * Claude Code's own native installer (`curl -fsSL https://claude.ai/install.sh | bash`), run by
 * `cc setup` when claude is missing and the person said yes. The script is fetched here (bounded in
 * size and time, text only) and handed to bash on stdin, as the documented pipe does; the installer
 * verifies the binary it downloads itself. CC_CLAUDE_INSTALLER_URL points at a mirror of the script.
 */
import { z } from "zod";
import { CcError } from "../lib/errors.ts";

type Env = Record<string, string | undefined>;

const NATIVE_INSTALLER_URL = "https://claude.ai/install.sh";
const MAX_SCRIPT_BYTES = 1024 * 1024;
const FETCH_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 10 * 60_000;

const installerUrlSchema = z.url({ protocol: /^https?$/ });

/** The installer's address: CC_CLAUDE_INSTALLER_URL (a mirror), else Anthropic's. */
function installerUrl(env: Env): string {
  const override = env.CC_CLAUDE_INSTALLER_URL?.trim();
  if (!override) return NATIVE_INSTALLER_URL;
  const parsed = installerUrlSchema.safeParse(override);
  if (!parsed.success)
    throw new CcError(`CC_CLAUDE_INSTALLER_URL is not an http(s) address: ${JSON.stringify(override.slice(0, 200))}`, {
      hint: "Point it at a mirror of https://claude.ai/install.sh, or unset it.",
    });
  return parsed.data;
}

/** What a person types to run the installer themselves. */
export const installerCommand = (env: Env): string => `curl -fsSL ${installerUrl(env)} | bash`;

/** Fetch the script and run it with bash, its output going to the person; the exit code. */
export async function runNativeInstaller(env: Env): Promise<{ ok: boolean; detail: string }> {
  const url = installerUrl(env);
  let script: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: "follow" });
    if (!response.ok) return { ok: false, detail: `${url} answered HTTP ${response.status}` };
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.byteLength > MAX_SCRIPT_BYTES)
      return { ok: false, detail: `${url} sent ${body.byteLength} bytes, more than an installer script (${MAX_SCRIPT_BYTES})` };
    script = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch (error) {
    return { ok: false, detail: `could not fetch ${url}: ${(error as Error).message}` };
  }
  if (!script.startsWith("#!")) return { ok: false, detail: `${url} did not send a shell script` };
  // Its progress goes to stderr (fd 2): stdout stays cc's own (`cc setup --json`).
  const child = Bun.spawn(["bash", "-s"], { env: env as Record<string, string>, stdin: new Blob([script]), stdout: 2, stderr: "inherit" });
  const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
  const code = await child.exited;
  clearTimeout(timer);
  return code === 0
    ? { ok: true, detail: `ran Claude Code's installer from ${url}` }
    : { ok: false, detail: `Claude Code's installer from ${url} exited with ${code}` };
}
