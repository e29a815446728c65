/**
 * Is claude logged in, and who pays? `claude auth status --json` (exit 1 when logged out) tells the
 * method. A stray ANTHROPIC_API_KEY silently wins over a subscription login and bills API usage, so
 * that case is checked with the key removed and reported as a warning.
 */
import { spawn } from "node:child_process";
import { z } from "zod";
import { spawnTarget } from "../lib/windows-command.ts";
import { findClaude } from "./locate.ts";

type Env = Record<string, string | undefined>;

const statusSchema = z.looseObject({
  loggedIn: z.boolean(),
  authMethod: z.string().nullish(),
  apiProvider: z.string().nullish(),
  apiKeySource: z.string().nullish(),
});

export interface ClaudeAuthStatus {
  loggedIn: boolean;
  /** e.g. `api_key`, `claude.ai`, `oauth_token`, `none`; null when the status could not be read. */
  method: string | null;
  apiProvider: string | null;
  apiKeySource: string | null;
  /** A custom ANTHROPIC_BASE_URL (a gateway): its own auth applies, so cc never blocks a run on login. */
  baseUrl: string | null;
  /** The environment's ANTHROPIC_API_KEY is used although a subscription login exists. */
  apiKeyOverridesSubscription: boolean;
  /** One line for the user, or null. */
  warning: string | null;
  /** Why the status is unknown (claude missing, timeout, unreadable output); null when read. */
  error: string | null;
}

async function readStatus(claudePath: string, env: Env, timeoutMs: number): Promise<z.infer<typeof statusSchema> | string> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      const target = spawnTarget(claudePath, ["auth", "status", "--json"]); // claude.cmd (npm on Windows) needs cmd.exe
      child = spawn(target.file, target.args, {
        env: env as NodeJS.ProcessEnv,
        stdio: ["ignore", "pipe", "ignore"],
        detached: true,
        windowsVerbatimArguments: target.windowsVerbatimArguments,
      });
    } catch (error) {
      // Bun throws at once (ENOEXEC: not a program) instead of emitting "error".
      return resolve(`cannot run claude auth status: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    let out = "";
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
      resolve(`claude auth status did not answer within ${Math.round(timeoutMs / 1000)} s`);
    }, timeoutMs);
    child.stdout!.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve(`cannot run claude auth status: ${error.message}`);
    });
    child.on("close", () => {
      clearTimeout(timer);
      const start = out.indexOf("{");
      let json: unknown = null;
      try {
        json = start >= 0 ? JSON.parse(out.slice(start)) : null;
      } catch {
        // fall through to the message below
      }
      const parsed = statusSchema.safeParse(json);
      resolve(parsed.success ? parsed.data : `claude auth status printed no readable status: ${out.trim().slice(0, 120) || "(nothing)"}`);
    });
  });
}

export interface AuthStatusOptions {
  env?: Env;
  claudePath?: string;
  /** Bound for each `claude auth status` call (it takes about 0.4 s). */
  timeoutMs?: number;
}

export async function claudeAuthStatus(opts: AuthStatusOptions = {}): Promise<ClaudeAuthStatus> {
  const env = opts.env ?? process.env;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const baseUrl = env.ANTHROPIC_BASE_URL || null;
  const unknown = (error: string): ClaudeAuthStatus => ({
    loggedIn: false,
    method: null,
    apiProvider: null,
    apiKeySource: null,
    baseUrl,
    apiKeyOverridesSubscription: false,
    warning: null,
    error,
  });
  let claudePath = opts.claudePath;
  if (!claudePath) {
    try {
      claudePath = findClaude({ env }).path;
    } catch (error) {
      return unknown((error as Error).message);
    }
  }
  const hasEnvKey = Boolean(env.ANTHROPIC_API_KEY);
  const withoutKey = { ...env };
  delete withoutKey.ANTHROPIC_API_KEY;
  const [status, underneath] = await Promise.all([
    readStatus(claudePath, env, timeoutMs),
    hasEnvKey ? readStatus(claudePath, withoutKey, timeoutMs) : Promise.resolve(null),
  ]);
  if (typeof status === "string") return unknown(status);
  const subscription =
    underneath !== null && typeof underneath !== "string" && underneath.loggedIn && underneath.authMethod !== "api_key" && underneath.authMethod !== "none";
  const keyInUse = status.apiKeySource === "ANTHROPIC_API_KEY" || status.authMethod === "api_key";
  const apiKeyOverridesSubscription = hasEnvKey && keyInUse && subscription;
  return {
    loggedIn: status.loggedIn,
    method: status.authMethod ?? null,
    apiProvider: status.apiProvider ?? null,
    apiKeySource: status.apiKeySource ?? null,
    baseUrl,
    apiKeyOverridesSubscription,
    warning: apiKeyOverridesSubscription
      ? `ANTHROPIC_API_KEY is set, so Claude runs bill API usage instead of your ${underneath && typeof underneath !== "string" ? underneath.authMethod : "subscription"} login; unset it to use the subscription`
      : null,
    error: null,
  };
}

/** Whether a run should be refused up front: only when logged out and no gateway handles auth. */
export function authBlocksRun(status: ClaudeAuthStatus): boolean {
  return status.error === null && !status.loggedIn && status.baseUrl === null;
}
