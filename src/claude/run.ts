/**
 * The one place that starts `claude -p`. The prompt goes on a pipe to stdin (never argv: size limits
 * and `ps` exposure), the permissions come from a named profile, and stdout is parsed as stream-json
 * until the process exits. Sessions are always persisted, so every run can be resumed.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createWriteStream, statSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import { readConfig } from "../lib/config.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import { gitOverrides } from "../lib/git.ts";
import { gitConfigEnv } from "../lib/git-safety.ts";
import { configPath, dataDir } from "../lib/paths.ts";
import { ensurePrivateDir } from "../lib/private-dir.ts";
import { becomeSubreaper, endDescendants } from "../lib/process-tree.ts";
import { spawnTarget } from "../lib/windows-command.ts";
import { cancelClaudeProcess } from "./cancel.ts";
import { answerControlRequest, type ControlRequest } from "./control.ts";
import { type EnvironmentPolicy, filterEnvironment, neverPassed } from "./environment.ts";
import { ClaudeNotFoundError, findClaude, INSTALL_COMMAND } from "./locate.ts";
import { parseModel } from "./options.ts";
import { buildOutcome } from "./outcome.ts";
import { profileArgs, profileEnv, resolveProfile, sandboxedProfile } from "./profiles.ts";
import { writeRunSettings } from "./run-settings.ts";
import { SANDBOX_FAILURE_PATTERN, sandboxGitEnv, sandboxSettings } from "./sandbox.ts";
import { transcriptExists } from "./session.ts";
import { StreamJsonParser } from "./stream.ts";
import { type ClaudeEvent, type ClaudeOutcome, type ClaudeRun, type ClaudeRunRequest, EFFORTS, RUN_MARKER_ENV } from "./types.ts";
import { watchOverClaude } from "./watchdog.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STDERR_TAIL = 8192;
/** After claude exits, how long stdout may stay open (a leftover tool holding the pipe). */
const DRAIN_AFTER_EXIT_MS = 2000;

type Env = Record<string, string>;

/** claude's argv for a request (the prompt is not part of it). */
export function claudeArgs(req: ClaudeRunRequest, sessionId: string, profileFlags: string[]): string[] {
  const args = ["-p", "--output-format", "stream-json", "--verbose", ...profileFlags];
  if (req.conversation) args.push("--input-format", "stream-json", "--replay-user-messages");
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

/** The environment cc itself sees for this run: where claude and the config are looked up. */
function callerEnvironment(req: ClaudeRunRequest): Env {
  const env: Env = {};
  if (!req.replaceEnv) for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  return Object.assign(env, req.env ?? {});
}

/**
 * claude's environment: the caller's, filtered by the profile's policy (src/claude/environment.ts);
 * a request's explicit `env` is kept as given (minus what is never passed). A read-only run's git
 * gets the overrides that keep repository-configured programs from running (lib/git-safety.ts).
 */
function childEnvironment(req: ClaudeRunRequest, policy: EnvironmentPolicy, extra: Env): Env {
  const env: Env = req.replaceEnv ? {} : filterEnvironment(process.env, policy);
  for (const [k, v] of Object.entries(req.env ?? {})) if (!neverPassed(k)) env[k] = v;
  delete env[RUN_MARKER_ENV]; // never inherit another run's marker: its cancel would end us
  // Read-only runs (reviews, the gate, read-only rescues) run none of the repository's git programs.
  if (policy.profile !== "write") Object.assign(env, gitConfigEnv(gitOverrides(req.cwd), env));
  Object.assign(env, extra);
  env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC ??= "1";
  return env;
}

/** A log that receives claude's raw stdout, and its stderr line by line with a prefix. */
function openLog(path: string | undefined): { out(chunk: string): void; err(chunk: string): void; note(line: string): void; close(): Promise<void> } {
  if (!path) return { out() {}, err() {}, note() {}, close: async () => {} };
  ensurePrivateDir(dirname(path));
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
    note: (line) => void stream.write(`[cc] ${line}\n`),
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
    return new ClaudeNotFoundError(
      `cannot start claude at ${claudePath}: it is not a program (ENOEXEC), likely npm's placeholder whose postinstall did not run`,
      `Reinstall it with scripts enabled: \`${INSTALL_COMMAND}\`.`,
    );
  }
  if (error.code === "ENOENT" || error.code === "EACCES") {
    return new ClaudeNotFoundError(
      `cannot start claude at ${claudePath}: ${error.message}`,
      `Install it with \`${INSTALL_COMMAND}\`, or fix claudePath in cc's config.`,
    );
  }
  return new CcError(`cannot start claude: ${error.message}`);
}

export async function startClaude(req: ClaudeRunRequest): Promise<ClaudeRun> {
  if (typeof req.prompt !== "string" || req.prompt.length === 0) throw new UsageError("the prompt for Claude is empty");
  try {
    if (!statSync(req.cwd).isDirectory()) throw new Error("not a directory");
  } catch {
    throw new CcError(`cannot run Claude in ${req.cwd}: no such directory`, {
      hint: "Run from an existing directory (a resumed session must use the directory it ran in).",
    });
  }
  if (req.resumeSessionId !== undefined && !UUID.test(req.resumeSessionId)) {
    throw new UsageError(`"${req.resumeSessionId}" is not a Claude session id`, "A session id is a UUID, e.g. 7b5a68ab-0c1d-4e2f-8a9b-0123456789ab.");
  }

  const lookupEnv = callerEnvironment(req);
  const config = readConfig(configPath(lookupEnv));
  const claudePath = req.claudePath ?? findClaude({ env: lookupEnv, claudePath: config.claudePath }).path;
  const profile = req.sandbox ? sandboxedProfile(resolveProfile(req.profile, config)) : resolveProfile(req.profile, config);
  const sessionId = req.resumeSessionId ?? randomUUID();
  const runMarker = randomUUID();
  const args = claudeArgs(req, sessionId, profileArgs(profile));
  const env = childEnvironment(req, { profile: profile.name, pass: config.passEnvironment }, { ...profileEnv(profile), [RUN_MARKER_ENV]: runMarker });
  // After the profile's own git overrides, so the sandbox's excludes file is added to them, not over them.
  if (req.sandbox) Object.assign(env, sandboxGitEnv(dataDir(lookupEnv), env));
  // Last before the spawn: removed when claude has exited (or could not start).
  const settings = req.sandbox ? writeRunSettings(sandboxSettings(req.sandbox)) : null;
  if (settings) args.push("--settings", settings.path);

  // Orphaned tool processes are re-parented to us, so a cancel can still find them (lib/process-tree.ts).
  await becomeSubreaper();
  let child: ReturnType<typeof spawn>;
  try {
    const target = spawnTarget(claudePath, args); // claude.cmd (npm on Windows) needs cmd.exe
    child = spawn(target.file, target.args, {
      cwd: req.cwd,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
      windowsHide: true,
      windowsVerbatimArguments: target.windowsVerbatimArguments,
    });
  } catch (error) {
    settings?.remove();
    // Bun throws ENOEXEC (not a program) at once instead of emitting "error".
    throw cannotStart(error as NodeJS.ErrnoException, claudePath);
  }
  await new Promise<void>((resolve, reject) => {
    child.once("spawn", resolve);
    child.once("error", (error: NodeJS.ErrnoException) => {
      settings?.remove();
      reject(cannotStart(error, claudePath));
    });
  });
  const pid = child.pid!;
  const began = performance.now();
  // If this process dies (a killed worker), claude ends within seconds instead of running on.
  const watchdog = watchOverClaude(pid, runMarker);

  const stdin = child.stdin!;
  stdin.on("error", () => {}); // claude may exit before reading all of it
  let inputOpen = req.conversation === true;
  const userLine = (text: string) => `${JSON.stringify({ type: "user", message: { role: "user", content: text } })}\n`;
  if (inputOpen) stdin.write(userLine(req.prompt));
  else stdin.end(req.prompt);
  const send = (text: string, opts: { interrupt?: boolean } = {}): boolean => {
    if (!inputOpen || stdin.destroyed) return false;
    // claude aborts the turn it is on (its result is `error_during_execution`), then takes the message.
    if (opts.interrupt)
      stdin.write(`${JSON.stringify({ type: "control_request", request_id: `cc-interrupt-${randomUUID()}`, request: { subtype: "interrupt" } })}\n`);
    stdin.write(userLine(text));
    return true;
  };
  const endInput = () => {
    if (!inputOpen) return;
    inputOpen = false;
    stdin.end();
  };

  const log = openLog(req.logPath);
  // A conversation's claude waits for an answer to each request it writes (src/claude/control.ts).
  const answer = (request: ControlRequest) => {
    const { line, note } = answerControlRequest(request);
    if (!inputOpen || stdin.destroyed) return log.note(`claude's input is closed, so it was not told: ${note}`);
    stdin.write(line);
    log.note(note);
  };
  const parser: StreamJsonParser = new StreamJsonParser((event: ClaudeEvent) => req.onEvent?.(event, parser.state.turns), req.cwd, answer);

  let stderr = "";
  // Never trust the setting alone: claude saying it runs (or cannot run) without the sandbox ends the run.
  let sandboxFailure: string | null = null;
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    log.out(chunk);
    parser.push(chunk);
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    log.err(chunk);
    stderr = (stderr + chunk).slice(-STDERR_TAIL);
    if (req.sandbox && !sandboxFailure && SANDBOX_FAILURE_PATTERN.test(stderr)) {
      sandboxFailure =
        stderr
          .split("\n")
          .find((l) => SANDBOX_FAILURE_PATTERN.test(l))
          ?.replace(/^[^A-Za-z]+/, "")
          .trim() ?? "sandbox unavailable";
      void cancelClaudeProcess(pid, runMarker);
    }
  });

  let cancelled = false;
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    let exit: { code: number | null; signal: string | null } | null = null;
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      watchdog.release();
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
    settings?.remove();
    parser.end();
    await log.close();
    const state = parser.state;
    const transcriptCwd = state.init?.cwd ?? req.cwd;
    const built = buildOutcome({
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
    if (!sandboxFailure) return built;
    const message = `claude could not run inside its sandbox (${sandboxFailure}); nothing ran unsandboxed. Install bubblewrap and socat, or rerun with --no-sandbox to accept an unsandboxed run`;
    return { ...built, ok: false, errorClass: "sandbox_unavailable" as const, message };
  });

  let cancelling: Promise<void> | null = null;
  const cancel = () =>
    (cancelling ??= (async () => {
      cancelled = true;
      endInput();
      await cancelClaudeProcess(pid, runMarker);
      // Whatever escaped the group and dropped the marker is still our descendant (we are its subreaper).
      await endDescendants(watchdog.pid === null ? [] : [watchdog.pid]);
      await outcome;
    })());

  void outcome.then(endInput);
  return { pid, runMarker, sessionId, outcome, cancel, send, endInput };
}
