/**
 * `cc mcp`: cc's commands as MCP tools over stdio, with the official SDK (loaded only here).
 *
 * Each call runs this same cc as a child (`cc <command> … --json`, src/mcp/run-cc.ts), so a tool's
 * structured result is the command's `--json` object, byte for byte the CLI's. A tool that starts a
 * Claude job launches it in the background (the detached worker outlives this server and its
 * process group) and waits for it at most MAX_WAIT_SECONDS, under Codex's 300 s tool timeout;
 * a cancelled call cancels its job. Every failure is a one-line tool error: the server never dies
 * of a call, and stdout carries nothing but the protocol.
 */

import { fileURLToPath } from "node:url";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, type CallToolResult, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { buildInfo } from "../lib/build-info.ts";
import { CcError } from "../lib/errors.ts";
import { ExitCode } from "../lib/exit-codes.ts";
import { type CallMeta, childEnvironment, readMeta, workingDirectory } from "./call-context.ts";
import { type CcRun, killRunningChildren, oneLine, runCc } from "./run-cc.ts";
import { inputJsonSchema, MAX_WAIT_SECONDS, TOOLS, type ToolEntry, type ToolInput, toolNamed } from "./tools.ts";

const INSTRUCTIONS =
  "Claude Code (cc): reviews and delegated tasks (rescue) run by Claude Code as tracked jobs in the workspace. Results are JSON; a job still running returns {job, status}: read it later with result.";

/** Commands that only read the job store answer quickly; a hung one must not hold the call. */
const QUICK_TIMEOUT_MS = 60_000;
/** Launching a job collects the diff and snapshots the tree before it returns the id. */
const LAUNCH_TIMEOUT_MS = 120_000;
const ROOTS_TIMEOUT_MS = 2_000;

const textResult = (text: string, isError: boolean): CallToolResult => ({ content: [{ type: "text", text }], isError });

function toolError(error: unknown): CallToolResult {
  const message =
    error instanceof CcError ? (error.hint ? `${error.message} ${error.hint}` : error.message) : error instanceof Error ? error.message : String(error);
  return textResult(message.replace(/\s*\n\s*/g, " ").slice(0, 1000), true);
}

/** The command's JSON as the structured result (and as text, for clients that read only content). */
function fromRun(run: CcRun, what: string): CallToolResult {
  let value: unknown;
  try {
    value = JSON.parse(run.stdout);
  } catch {
    return textResult(oneLine(run.stderr, `${what} ended with exit code ${run.code} and no result`), true);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return textResult(run.stdout.trim(), run.code !== ExitCode.ok);
  return {
    content: [{ type: "text", text: JSON.stringify(value, null, 2) }],
    structuredContent: value as Record<string, unknown>,
    isError: run.code !== ExitCode.ok,
  };
}

interface CallPlace {
  cwd: string;
  env: Record<string, string>;
}

async function clientRoots(server: Server): Promise<string[]> {
  if (!server.getClientCapabilities()?.roots) return [];
  try {
    const { roots } = await server.listRoots(undefined, { timeout: ROOTS_TIMEOUT_MS });
    return roots.filter((r) => r.uri.startsWith("file:")).map((r) => fileURLToPath(r.uri));
  } catch {
    return [];
  }
}

/**
 * Where a call works: its `cwd` argument, else the session's cwd (from Codex's meta; for other
 * clients their first root, else the server's own cwd), inside the client's roots (Codex: the
 * session's cwd and writable roots).
 */
async function placeOf(server: Server, meta: CallMeta, requestedCwd: string | undefined): Promise<CallPlace> {
  const listedRoots = meta.sessionCwd === null ? await clientRoots(server) : [];
  const sessionCwd = meta.sessionCwd ?? listedRoots[0] ?? process.cwd();
  const roots = meta.sessionCwd !== null ? [meta.sessionCwd, ...meta.writableRoots] : listedRoots.length > 0 ? listedRoots : [sessionCwd];
  return { cwd: workingDirectory(requestedCwd, sessionCwd, roots), env: childEnvironment(process.env, meta) };
}

/** Launch the job in the background, then wait for it (bounded) unless the caller asked not to. */
async function runJobTool(tool: ToolEntry, input: ToolInput, place: CallPlace, signal: AbortSignal): Promise<CallToolResult> {
  const launched = await runCc([tool.command, "--background", "--json", ...tool.argv(input)], { ...place, timeoutMs: LAUNCH_TIMEOUT_MS });
  const launch = fromRun(launched, tool.command);
  const job = (launch.structuredContent as { job?: unknown } | undefined)?.job;
  // An error, or nothing to do ("nothing-to-review"): that is the answer.
  if (launch.isError || typeof job !== "string") return launch;
  if (signal.aborted) return cancelJob(job, place);
  if (input.background === true) return launch;

  const bound = typeof input.wait_seconds === "number" ? input.wait_seconds : MAX_WAIT_SECONDS;
  const waited = await runCc(["status", job, "--wait", "--timeout", `${bound}s`, "--json"], {
    ...place,
    signal,
    timeoutMs: (bound + 15) * 1000,
  });
  if (signal.aborted) return cancelJob(job, place);
  if (waited.code === ExitCode.timeout) {
    // Still running: the launch answer, with the status it has now.
    const status = (fromRun(waited, "status").structuredContent as { job?: { status?: unknown } } | undefined)?.job?.status;
    return fromRun(
      { ...launched, stdout: JSON.stringify({ ...launch.structuredContent, status: typeof status === "string" ? status : "running" }) },
      tool.command,
    );
  }
  if (waited.code !== ExitCode.ok) return fromRun(waited, "status");
  return fromRun(await runCc(["result", job, "--json"], { ...place, timeoutMs: QUICK_TIMEOUT_MS }), "result");
}

/** The client gave up on the call: its job goes too. */
async function cancelJob(job: string, place: CallPlace): Promise<CallToolResult> {
  return fromRun(await runCc(["cancel", job, "--json"], { ...place, timeoutMs: QUICK_TIMEOUT_MS }), "cancel");
}

async function callTool(server: Server, name: string, args: unknown, rawMeta: unknown, signal: AbortSignal): Promise<CallToolResult> {
  const tool = toolNamed(name);
  if (!tool) return textResult(`unknown tool "${String(name).slice(0, 60)}"; the tools are ${TOOLS.map((t) => t.name).join(", ")}`, true);
  const parsed = tool.input.safeParse(args ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    return textResult(`bad arguments for ${tool.name}: ${where}${issue.message}`, true);
  }
  const input = parsed.data as ToolInput;
  const place = await placeOf(server, readMeta(rawMeta), input.cwd as string | undefined);
  if (tool.job) return runJobTool(tool, input, place, signal);
  return fromRun(await runCc([tool.command, "--json", ...tool.argv(input)], { ...place, signal, timeoutMs: tool.timeoutMs ?? QUICK_TIMEOUT_MS }), tool.command);
}

export async function serveMcp(): Promise<void> {
  const server = new Server(
    { name: "cc", title: "Claude Code (cc)", version: buildInfo().version },
    // codex/sandbox-state-meta: Codex then names the session's cwd in every call's _meta.
    { capabilities: { tools: {}, experimental: { "codex/sandbox-state-meta": {} } }, instructions: INSTRUCTIONS },
  );
  const listed = TOOLS.map((tool) => ({
    name: tool.name,
    title: tool.annotations.title,
    description: tool.description,
    inputSchema: inputJsonSchema(tool),
    annotations: tool.annotations,
  }));
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    try {
      return await callTool(server, request.params.name, request.params.arguments, request.params._meta, extra.signal);
    } catch (error) {
      return toolError(error);
    }
  });
  // A malformed line is dropped with one note on stderr (clients show it in their logs); never stdout.
  server.onerror = (error) => void process.stderr.write(`cc mcp: ${oneLine(error.message, "protocol error").slice(0, 200)}\n`);
  const closed = new Promise<void>((resolve) => (server.onclose = resolve));
  // The client is gone (EPIPE): nothing left to answer.
  process.stdout.on("error", () => void server.close());
  await server.connect(new StdioServerTransport());
  process.stdin.once("end", () => void server.close());
  await closed;
  killRunningChildren();
  process.exit(ExitCode.ok);
}
