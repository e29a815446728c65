/**
 * Sandbox preflight: the first thing every command that runs Claude or touches the job store does.
 *
 * Inside Codex's sandbox (`workspace-write`: no network, home read-only) Claude cannot run and the
 * job store cannot be written. Rather than fail half-way with a confusing error, cc detects the
 * sandbox in a few milliseconds, prints a fixed sentinel line that the skills match on, and exits
 * with ExitCode.sandboxed (86); the skill then re-runs the identical command with escalation.
 *
 * Detection, measured against the real Codex 0.169 sandbox (bubblewrap + seccomp):
 * - a UDP `connect()` to 127.0.0.1:9 fails with EPERM/EACCES when the network is blocked. (Bun's
 *   TCP `net.connect` reports every failure as ECONNREFUSED, so it cannot tell; a UDP connect
 *   sends no packet at all.)
 * - creating and removing a probe file in the data dir fails when the home directory is read-only.
 * CODEX_SANDBOX_NETWORK_DISABLED is deliberately ignored: Codex keeps it set for commands it runs
 * unsandboxed (escalated or allowed by a rule).
 * Outside Codex (no CODEX_THREAD_ID / CODEX_CI in the environment) nothing is probed at all.
 */
import { rmSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { ExitCode } from "../lib/exit-codes.ts";
import { startedByCodex } from "../lib/invocation.ts";
import { dataDir } from "../lib/paths.ts";
import { ensurePrivateDir, makeDirs } from "../lib/private-dir.ts";
import { ccExecutable } from "../lib/self.ts";

type Env = Record<string, string | undefined>;

/** The stable prefix of the sentinel line; skills look for exactly this word. */
export const SANDBOX_SENTINEL = "CC_SANDBOX_BLOCKED";

export interface PreflightResult {
  sandboxed: boolean;
  /** What was blocked, e.g. "network blocked (EPERM)"; empty when not sandboxed. */
  reasons: string[];
  /** False when cc was not started by Codex and nothing was probed. */
  probed: boolean;
}

const BLOCKED_CODES = new Set(["EPERM", "EACCES"]);
const WRITE_BLOCKED_CODES = new Set(["EROFS", "EACCES", "EPERM", "ENOENT"]);

/** Started by Codex (the one rule lives in lib/invocation.ts, next to the hint style it decides). */
export const insideCodex = startedByCodex;

/** Resolves to the error code when loopback networking is refused, null when it is allowed. */
export function probeNetwork(timeoutMs = 250): Promise<string | null> {
  return import("node:dgram").then(
    ({ createSocket }) =>
      new Promise((resolve) => {
        const socket = createSocket("udp4");
        let settled = false;
        const finish = (blockedCode: string | null) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          try {
            socket.close();
          } catch {
            /* already closed */
          }
          resolve(blockedCode);
        };
        // No answer in time means nothing refused us: treat it as allowed.
        const timer = setTimeout(() => finish(null), timeoutMs);
        socket.once("error", (error: NodeJS.ErrnoException) => finish(BLOCKED_CODES.has(error.code ?? "") ? error.code! : null));
        try {
          socket.connect(9, "127.0.0.1", () => finish(null));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? "";
          finish(BLOCKED_CODES.has(code) ? code : null);
        }
      }),
  );
}

/**
 * The error code when `dir` cannot be created or a file written in it, null when it can. With
 * `makePrivate` (cc's data dir) it is created 0700 and checked like every cc directory.
 */
export function probeWrite(dir: string, makePrivate = false): string | null {
  const probe = join(dir, `.probe-${process.pid}`);
  try {
    // The first command under Codex often creates the data dir: it must be private from the start.
    if (makePrivate) ensurePrivateDir(dir);
    else makeDirs(dir);
    writeFileSync(probe, "");
    rmSync(probe, { force: true });
    return null;
  } catch (error) {
    // A refusal of ensurePrivateDir (someone else's directory) carries the fs error as its cause, if any.
    const cause = (error as { cause?: unknown }).cause ?? error;
    return (cause as NodeJS.ErrnoException).code ?? "EUNSAFE";
  }
}

/** Probe the sandbox. Without `force`, only when cc runs under Codex. */
export async function checkSandbox(opts: { env?: Env; force?: boolean } = {}): Promise<PreflightResult> {
  const env = opts.env ?? process.env;
  if (!opts.force && !insideCodex(env)) return { sandboxed: false, reasons: [], probed: false };
  const net = await probeNetwork();
  // Only refusals the sandbox causes count; other failures (a file in the way) are not the sandbox's doing.
  const writeCode = probeWrite(dataDir(env), true);
  const write = writeCode && WRITE_BLOCKED_CODES.has(writeCode) ? writeCode : null;
  const reasons: string[] = [];
  if (net) reasons.push(`network blocked (${net})`);
  if (write) reasons.push(`data dir ${dataDir(env)} not writable (${write})`);
  return { sandboxed: reasons.length > 0, reasons, probed: true };
}

/**
 * What a sandboxed cc prints. First one line for the person: when they decline the escalation,
 * Codex ends the turn, so nothing the skill would have said afterwards reaches them. Then the
 * sentinel with the exact retry for the model — its prefix rule narrowed to this subcommand, so
 * "don't ask again" allows what the skill runs and nothing else (not `cc install` or `uninstall`).
 */
export function sandboxMessage(reasons: string[], subcommand: string, executable: string = ccExecutable()): string {
  return [
    `cc needs to run outside Codex's sandbox. To stop Codex asking, run \`${executable} install --rules\` once in a terminal.`,
    `${SANDBOX_SENTINEL}: cc cannot run inside Codex's sandbox (${reasons.join("; ")}). Re-run the identical command with sandbox_permissions "require_escalated", a one-line justification and prefix_rule ${JSON.stringify([executable, subcommand])}.`,
    `If escalation is refused: run \`${executable} install\` in a terminal and accept the rules file (Codex then runs cc without asking), or start Codex with --sandbox danger-full-access.`,
  ].join("\n");
}

/**
 * Call first in every command that runs Claude or uses the job store. Sandboxed, it prints the
 * sentinel on stdout (Codex shows the model stdout and stderr merged) and exits 86 at once.
 */
export async function exitIfSandboxed(subcommand: string, env: Env = process.env): Promise<void> {
  const result = await checkSandbox({ env });
  if (!result.sandboxed) return;
  writeSync(1, `${sandboxMessage(result.reasons, subcommand)}\n`);
  process.exit(ExitCode.sandboxed);
}
