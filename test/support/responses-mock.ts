/**
 * A scripted OpenAI Responses API on 127.0.0.1 that plays Codex's model for the real `codex`.
 *
 * Each POST /v1/responses is recorded and answered by the test's script with output items:
 * assistant messages, `exec_command` calls (optionally escalated), and `write_stdin` polls for
 * commands that outlive `yield_time_ms`. The request helpers let a script read what Codex injected
 * (the `<skill>` text) and what its earlier commands printed, so the mock can act like a model
 * following cc's skill. A script that throws gets HTTP 500, which makes `codex exec` exit 1 at once;
 * the error is kept in `scriptErrors` for the test's assertion message.
 */
import type { Server } from "bun";

export interface InjectedSkill {
  name: string;
  path: string;
  body: string;
}

export interface CommandOutput {
  callId: string;
  /** Exit code when the command finished, null while it still runs. */
  exitCode: number | null;
  /** Set when the command is still running: poll it with `write_stdin`. */
  sessionId: number | null;
  output: string;
  raw: string;
}

export interface CodexRequest {
  n: number;
  body: any;
  headers: Record<string, string>;
  /** Parsed `x-codex-turn-metadata` (thread id, turn id, sandbox...). */
  metadata: Record<string, unknown>;
  /** Skills Codex expanded from `$plugin:skill` mentions, in the order they appear. */
  skills(): InjectedSkill[];
  /** Outputs of earlier function calls in this conversation, oldest first. */
  outputs(): CommandOutput[];
  /** Text of every user message. */
  userTexts(): string[];
  /** Text of every developer message. */
  developerTexts(): string[];
}

export interface ExecCall {
  cmd: string;
  yieldTimeMs?: number;
  workdir?: string;
  login?: boolean;
  /** Ask Codex for a terminal (a PTY): what a model does for a command that draws progress. */
  tty?: boolean;
  sandboxPermissions?: "use_default" | "require_escalated";
  justification?: string;
  prefixRule?: string[];
}

export type CodexItem =
  | { kind: "message"; text: string }
  | { kind: "exec"; call: ExecCall }
  | { kind: "poll"; sessionId: number; yieldTimeMs?: number }
  /** A multi-agent tool (`spawn_agent`, `wait_agent`): Codex only accepts them with their namespace. */
  | { kind: "agent"; name: "spawn_agent" | "wait_agent"; args: Record<string, unknown> }
  /** An MCP tool call: Codex accepts it only as `name` inside the server's namespace (`mcp__<server>`). */
  | { kind: "mcp"; server: string; tool: string; args: Record<string, unknown> };

export const codex = {
  say: (text: string): CodexItem => ({ kind: "message", text }),
  exec: (cmd: string, opts: Omit<ExecCall, "cmd"> = {}): CodexItem => ({ kind: "exec", call: { cmd, ...opts } }),
  poll: (sessionId: number, yieldTimeMs = 10000): CodexItem => ({ kind: "poll", sessionId, yieldTimeMs }),
  spawnAgent: (message: string): CodexItem => ({ kind: "agent", name: "spawn_agent", args: { message, fork_context: false } }),
  waitAgent: (id: string): CodexItem => ({ kind: "agent", name: "wait_agent", args: { targets: [id], timeout_ms: 30000 } }),
  mcp: (server: string, tool: string, args: Record<string, unknown> = {}): CodexItem => ({ kind: "mcp", server, tool, args }),
};

export type CodexScript = (req: CodexRequest) => CodexItem | CodexItem[];

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((c: any) => (typeof c?.text === "string" ? c.text : "")).join("");
}

const SKILL_RE = /^<skill>\n<name>([^<]*)<\/name>\n<path>([^<]*)<\/path>\n([\s\S]*)<\/skill>\s*$/;

export function parseCommandOutput(callId: string, raw: string): CommandOutput {
  const exited = /Process exited with code (-?\d+)/.exec(raw);
  const running = /Process running with session ID (\d+)/.exec(raw);
  const marker = raw.indexOf("Output:\n");
  return {
    callId,
    exitCode: exited ? Number(exited[1]) : null,
    sessionId: running ? Number(running[1]) : null,
    output: marker >= 0 ? raw.slice(marker + "Output:\n".length) : raw,
    raw,
  };
}

function enrich(n: number, body: any, headers: Record<string, string>): CodexRequest {
  const input: any[] = Array.isArray(body?.input) ? body.input : [];
  let metadata: Record<string, unknown> = {};
  try {
    metadata = JSON.parse(body?.client_metadata?.["x-codex-turn-metadata"] ?? headers["x-codex-turn-metadata"] ?? "{}");
  } catch {
    /* keep empty */
  }
  const messagesOf = (role: string) => input.filter((i) => i?.type === "message" && i.role === role).map((i) => textOf(i.content));
  return {
    n,
    body,
    headers,
    metadata,
    skills: () =>
      messagesOf("user")
        .map((t) => SKILL_RE.exec(t))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ name: m[1]!, path: m[2]!, body: m[3]! })),
    outputs: () =>
      input
        .filter((i) => i?.type === "function_call_output")
        .map((i) => parseCommandOutput(String(i.call_id), typeof i.output === "string" ? i.output : JSON.stringify(i.output))),
    userTexts: () => messagesOf("user"),
    developerTexts: () => messagesOf("developer"),
  };
}

function toOutputItem(item: CodexItem, n: number, i: number): Record<string, unknown> {
  const id = `${n}_${i}`;
  switch (item.kind) {
    case "message":
      return { type: "message", role: "assistant", id: `msg_${id}`, content: [{ type: "output_text", text: item.text }] };
    case "exec": {
      const c = item.call;
      const args: Record<string, unknown> = { cmd: c.cmd, yield_time_ms: c.yieldTimeMs ?? 30000 };
      if (c.workdir) args.workdir = c.workdir;
      if (c.login !== undefined) args.login = c.login;
      if (c.tty !== undefined) args.tty = c.tty;
      if (c.sandboxPermissions) args.sandbox_permissions = c.sandboxPermissions;
      if (c.justification) args.justification = c.justification;
      if (c.prefixRule) args.prefix_rule = c.prefixRule;
      return { type: "function_call", id: `fc_${id}`, call_id: `call_${id}`, name: "exec_command", arguments: JSON.stringify(args) };
    }
    case "agent":
      return {
        type: "function_call",
        id: `fc_${id}`,
        call_id: `call_${id}`,
        name: item.name,
        namespace: "multi_agent_v1",
        arguments: JSON.stringify(item.args),
      };
    case "mcp":
      return {
        type: "function_call",
        id: `fc_${id}`,
        call_id: `call_${id}`,
        name: item.tool,
        namespace: `mcp__${item.server}`,
        arguments: JSON.stringify(item.args),
      };
    case "poll":
      return {
        type: "function_call",
        id: `fc_${id}`,
        call_id: `call_${id}`,
        name: "write_stdin",
        arguments: JSON.stringify({ session_id: item.sessionId, chars: "", yield_time_ms: item.yieldTimeMs ?? 10000 }),
      };
  }
}

export interface ResponsesMock {
  url: string;
  port: number;
  requests: CodexRequest[];
  scriptErrors: string[];
  setScript(script: CodexScript): void;
  close(): Promise<void>;
}

export function startResponsesMock(script: CodexScript = () => codex.say("ok")): ResponsesMock {
  let current = script;
  const requests: CodexRequest[] = [];
  const scriptErrors: string[] = [];
  let count = 0;

  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    async fetch(request) {
      const url = new URL(request.url);
      if (request.method === "GET" && url.pathname.endsWith("/models")) {
        return Response.json({ object: "list", data: [{ id: "mock-model", object: "model" }] });
      }
      if (request.method !== "POST" || !url.pathname.endsWith("/responses")) return new Response("{}", { status: 404 });
      const n = ++count;
      const body = await request.json().catch(() => null);
      const req = enrich(n, body, Object.fromEntries(request.headers));
      requests.push(req);
      let items: CodexItem[];
      try {
        const out = current(req);
        items = Array.isArray(out) ? out : [out];
      } catch (error) {
        scriptErrors.push(`request ${n}: ${error instanceof Error ? error.message : String(error)}`);
        return new Response(JSON.stringify({ error: { message: `mock script error: ${error}` } }), { status: 500 });
      }
      const frames = [
        { type: "response.created", response: { id: `resp_${n}` } },
        ...items.map((item, i) => ({ type: "response.output_item.done", item: toOutputItem(item, n, i) })),
        {
          type: "response.completed",
          response: { id: `resp_${n}`, usage: { input_tokens: 0, input_tokens_details: null, output_tokens: 0, output_tokens_details: null, total_tokens: 0 } },
        },
      ];
      const text = frames.map((f) => `event: ${f.type}\ndata: ${JSON.stringify(f)}\n\n`).join("");
      return new Response(text, { headers: { "content-type": "text/event-stream" } });
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}/v1`,
    port: server.port!,
    requests,
    scriptErrors,
    setScript(next) {
      current = next;
    },
    async close() {
      await server.stop(true);
    },
  };
}
