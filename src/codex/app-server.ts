/**
 * A small client for `codex app-server` (JSON-RPC 2.0, one object per line over stdio), used by
 * install, uninstall and setup for what the CLI does not offer: `hooks/list`, `skills/list` and
 * `config/batchWrite` (hook trust). Replies are zod-validated; every request and the whole session
 * are bounded by timeouts, and the server is always stopped.
 */
import type { Subprocess } from "bun";
import type { z } from "zod";
import { CcError } from "../lib/errors.ts";
import type { CodexCli } from "./codex-cli.ts";

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class AppServer {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private stderrTail = "";
  private closed = false;
  private readonly listeners = new Set<(method: string, params: unknown) => void>();

  private constructor(private readonly child: Subprocess<"pipe", "pipe", "pipe">) {}

  static async start(cli: CodexCli, opts: { cwd?: string; timeoutMs?: number } = {}): Promise<AppServer> {
    const child = Bun.spawn([cli.bin, "app-server"], {
      env: cli.env as Record<string, string>,
      cwd: opts.cwd,
      stdin: "pipe",
      stdout: "pipe",
      stderr: "pipe",
    });
    const server = new AppServer(child);
    server.readLoop();
    void new Response(child.stderr).text().then((t) => (server.stderrTail = t.slice(-2000)));
    void child.exited.then(() =>
      server.failAll(new CcError(`codex app-server exited early${server.stderrTail ? `: ${server.stderrTail.trim().split("\n").at(-1)}` : ""}`)),
    );
    try {
      await server.rawRequest(
        "initialize",
        {
          clientInfo: { name: "cc", title: null, version: "1" },
          capabilities: { experimentalApi: true, requestAttestation: false },
        },
        opts.timeoutMs ?? 20000,
      );
      server.send({ jsonrpc: "2.0", method: "initialized" });
    } catch (error) {
      await server.close();
      throw error;
    }
    return server;
  }

  private send(message: unknown): void {
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
    this.child.stdin.flush();
  }

  private async readLoop(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of this.child.stdout) {
      buffer += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) this.onLine(line);
      }
    }
  }

  private onLine(line: string): void {
    // JSON-RPC from codex: every field is checked before use.
    let message: { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: { message?: string } } | null;
    try {
      message = JSON.parse(line);
    } catch {
      return; // not protocol output
    }
    if (message && typeof message.id === "number" && ("result" in message || "error" in message) && !("method" in message)) {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.error) waiting.reject(new CcError(`codex app-server: ${message.error.message ?? JSON.stringify(message.error)}`));
      else waiting.resolve(message.result);
    } else if (message && message.id !== undefined && typeof message.method === "string") {
      // A request from the server (approval prompts and the like): cc never grants anything.
      this.send({ jsonrpc: "2.0", id: message.id, error: { code: -32601, message: "cc does not handle server requests" } });
    } else if (message && typeof message.method === "string") for (const listener of this.listeners) listener(message.method, message.params);
  }

  /** Hear the server's notifications (progress of long operations); returns the unsubscribe. */
  onNotification(listener: (method: string, params: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private failAll(error: Error): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(error);
      this.pending.delete(id);
    }
  }

  private rawRequest(method: string, params: unknown, timeoutMs: number): Promise<unknown> {
    if (this.closed) return Promise.reject(new CcError("codex app-server is closed"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new CcError(`codex app-server did not answer ${method} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.send({ jsonrpc: "2.0", id, method, params });
    });
  }

  /** Send a request and validate the reply; a reply of the wrong shape is an error naming the method. */
  async request<S extends z.ZodType>(method: string, params: unknown, schema: S, timeoutMs = 20000): Promise<z.infer<S>> {
    const result = await this.rawRequest(method, params, timeoutMs);
    const parsed = schema.safeParse(result);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CcError(`codex app-server replied to ${method} with an unexpected shape (${issue?.path.join(".")}: ${issue?.message})`);
    }
    return parsed.data;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.child.stdin.end();
    } catch {
      /* already gone */
    }
    // A timer left pending would keep this process alive for its full 2 s after the server has gone.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const exited = await Promise.race([this.child.exited.then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), 2000)))]);
    clearTimeout(timer);
    if (!exited) {
      this.child.kill("SIGKILL");
      await this.child.exited;
    }
    this.failAll(new CcError("codex app-server closed"));
  }
}

/** Run `fn` against a fresh app-server and always stop it afterwards. */
export async function withAppServer<T>(cli: CodexCli, fn: (server: AppServer) => Promise<T>, opts: { cwd?: string } = {}): Promise<T> {
  const server = await AppServer.start(cli, opts);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}
