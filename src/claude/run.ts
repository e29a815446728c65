/**
 * The one place that starts `claude -p`. The prompt goes on a pipe to stdin (never argv: size limits
 * and `ps` exposure), the permissions come from a named profile, and stdout is parsed as stream-json
 * until the process exits. Sessions are always persisted, so every run can be resumed.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream, mkdirSync, statSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import { readConfig } from "../lib/config.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import { configPath } from "../lib/paths.ts";
import { cancelClaudeProcess } from "./cancel.ts";
import { ClaudeNotFoundError, findClaude, INSTALL_COMMAND } from "./locate.ts";
import { parseModel } from "./options.ts";
import { buildOutcome } from "./outcome.ts";
import { profileArgs, profileEnv, resolveProfile } from "./profiles.ts";
import { transcriptExists } from "./session.ts";
import { StreamJsonParser } from "./stream.ts";
import { EFFORTS, RUN_MARKER_ENV, type ClaudeEvent, type ClaudeOutcome, type ClaudeRun, type ClaudeRunRequest } from "./types.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STDERR_TAIL = 8192;
/** After claude exits, how long stdout may stay open (a leftover tool holding the pipe). */
const DRAIN_AFTER_EXIT_MS = 2000;

type Env = Record<string, string>;

/** claude's argv for a request (the prompt is not part of it). */
export function claudeArgs(req: ClaudeRunRequest, sessionId: string, profileFlags: string[]): string[] {
  const args = ["-p", "--output-format", "stream-json", "--verbose", ...profileFlags];
  const model = req.model === undefined ? null : parseModel(req.model);
  if (model) args.push("--model", model);
  if (req.fallbackModel !== undefined) {
    const fallback = parseModel(req.fallbackModel);
    if (fallback) args.push("--fallback-model", fallback);
  }
  if (req.effort !== undefined) {
    if (!EFFORTS.includes(req.effort)) throw new UsageError(`effort "${req.effort}" is not one of ${EFFORTS.join(", ")}`, `Pass one of ${EFFORTS.join(", ")}.`);
    args.push("--effort", req.effort);
  }
  if (req.maxTurns !== undefined) {
    if (!Number.isInteger(req.maxTurns) || req.maxTurns < 1) throw new UsageError(`max turns must be a positive integer, not ${req.maxTurns}`);
    args.push("--max-turns", String(req.maxTurns));
  }
  if (req.maxBudgetUsd !== undefined) {
    if (!(req.maxBudgetUsd > 0)) throw new UsageError(`the budget must be above 0 USD, not ${req.maxBudgetUsd}`);
    args.push("--max-budget-usd", String(req.maxBudgetUsd));
  }
  if (req.jsonSchema !== undefined) args.push("--json-schema", JSON.stringify(req.jsonSchema));
  if (req.resumeSessionId !== undefined) args.push("--resume", sessionId);
  else args.push("--session-id", sessionId);
  return args;
}

function childEnvironment(req: ClaudeRunRequest, extra: Env): Env {
  const env: Env = {};
  if (!req.replaceEnv) for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  delete env[RUN_MARKER_ENV]; // never inherit another run's marker: its cancel would end us
  Object.assign(env, req.env ?? {}, extra);
  env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC ??= "1";
  return env;
}

/** A log that receives claude's raw stdout, and its stderr line by line with a prefix. */
function openLog(path: string | undefined): { out(chunk: string): void; err(chunk: string): void; close(): Promise<void> } {
  if (!path) return { out() {}, err() {}, close: async () => {} };
  mkdirSync(dirname(path), { recursive: true });
  const stream: WriteStream = createWriteStream(path, { flags: "a", mode: 0o600 });
  stream.on("error", () => {}); // a full disk must not kill the run
  let pending = "";
  return {
    out: (chunk) => void stream.write(chunk),
    err(chunk) {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) stream.write(`[claude stderr] ${line}\n`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (pending) stream.write(`[claude stderr] ${pending}\n`);
        stream.end(() => resolve());
      }),
  };
}

/** Why claude did not start, as one line with the fix. ENOEXEC: npm's placeholder, left when the package's postinstall did not run. */
function cannotStart(error: NodeJS.ErrnoException, claudePath: string): CcError {
  if (error.code === "ENOEXEC") {
    return new ClaudeNotFoundError(`cannot start claude at ${claudePath}: it is not a program (ENOEXEC), likely npm's placeholder whose postinstall did not run`, `Reinstall it with scripts enabled: \`${INSTALL_COMMAND}\`.`);
  }
  if (error.code === "ENOENT" || error.code === "EACCES") {
    return new ClaudeNotFoundError(`cannot start claude at ${claudePath}: ${error.message}`, `Install it with \`${INSTALL_COMMAND}\`, or fix claudePath in cc's config.`);
  }
  return new CcError(`cannot start claude: ${error.message}`);
}

export async function startClaude(req: ClaudeRunRequest): Promise<ClaudeRun> {
  if (typeof req.prompt !== "string" || req.prompt.length === 0) throw new UsageError("the prompt for Claude is empty");
  try {
    if (!statSync(req.cwd).isDirectory()) throw new Error("not a directory");
  } catch {
    throw new CcError(`cannot run Claude in ${req.cwd}: no such directory`, { hint: "Run from an existing directory (a resumed session must use the directory it ran in)." });
  }
  if (req.resumeSessionId !== undefined && !UUID.test(req.resumeSessionId)) {
    throw new UsageError(`"${req.resumeSessionId}" is not a Claude session id`, "A session id is a UUID, e.g. 7b5a68ab-0c1d-4e2f-8a9b-0123456789ab.");
  }

  const lookupEnv = childEnvironment(req, {});
  const config = readConfig(configPath(lookupEnv));
  const claudePath = req.claudePath ?? findClaude({ env: lookupEnv, claudePath: config.claudePath }).path;
  const profile = resolveProfile(req.profile, config);
  const sessionId = req.resumeSessionId ?? randomUUID();
  const runMarker = randomUUID();
  const args = claudeArgs(req, sessionId, profileArgs(profile));
  const env = childEnvironment(req, { ...profileEnv(profile), [RUN_MARKER_ENV]: runMarker });

  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(claudePath, args, { cwd: req.cwd, env, stdio: ["pipe", "pipe", "pipe"], detached: true, windowsHide: true });
  } catch (error) {
    // Bun throws ENOEXEC (not a program) at once instead of emitting "error".
    throw cannotStart(error as NodeJS.ErrnoException, claudePath);
  }
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", (error: NodeJS.ErrnoException) => reject(cannotStart(error, claudePath)));
  });
  const pid = child.pid!;
  const began = performance.now();

  child.stdin!.on("error", () => {}); // claude may exit before reading all of it
  child.stdin!.end(req.prompt);

  const log = openLog(req.logPath);
  const parser: StreamJsonParser = new StreamJsonParser((event: ClaudeEvent) => req.onEvent?.(event, parser.state.turns), req.cwd);

  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    log.out(chunk);
    parser.push(chunk);
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    log.err(chunk);
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
  });

  let cancelled = false;
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    let exit: { code: number | null; signal: string | null } | null = null;
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      // Normally `close` follows at once; a leftover tool holding the pipe must not hang the run.
      setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        resolve(exit!);
      }, DRAIN_AFTER_EXIT_MS).unref?.();
    });
    child.once("close", (code, signal) => resolve(exit ?? { code, signal }));
  });

  const outcome: Promise<ClaudeOutcome> = exited.then(async ({ code, signal }) => {
    parser.end();
    await log.close();
    const state = parser.state;
    const transcriptCwd = state.init?.cwd ?? req.cwd;
    return buildOutcome({
      state,
      cwd: req.cwd,
      sessionId,
      sessionExists: transcriptExists(transcriptCwd, sessionId, env) || transcriptExists(req.cwd, sessionId, env),
      wantsStructured: req.jsonSchema !== undefined,
      cancelled,
      exitCode: code,
      signal,
      stderr,
      durationMs: Math.round(performance.now() - began),
    });
  });

  let cancelling: Promise<void> | null = null;
  const cancel = () =>
    (cancelling ??= (async () => {
      cancelled = true;
      await cancelClaudeProcess(pid, runMarker);
      await outcome;
    })());

  return { pid, runMarker, sessionId, outcome, cancel };
}
