/**
 * The MCP SDK's own client, talking to `cc mcp` over stdio. The server is spawned in its own
 * process group, as Codex does (so a test can SIGTERM that group the way Codex shuts it down), and
 * a test can write raw lines to its stdin (malformed messages). Reaped by `close()`.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ReadBuffer, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

class GroupStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  readonly child: ChildProcess;
  stderr = "";
  private readonly buffer = new ReadBuffer();

  constructor(argv: string[], opts: { cwd: string; env: Record<string, string> }) {
    this.child = spawn(argv[0]!, argv.slice(1), { cwd: opts.cwd, env: opts.env, stdio: ["pipe", "pipe", "pipe"], detached: true });
    this.child.stderr!.setEncoding("utf8").on("data", (d: string) => (this.stderr += d));
    this.child.stdin!.on("error", () => {});
    this.child.on("exit", () => this.onclose?.());
  }

  async start(): Promise<void> {
    this.child.stdout!.on("data", (chunk: Buffer) => {
      this.buffer.append(chunk);
      for (;;) {
        let message: JSONRPCMessage | null;
        try {
          message = this.buffer.readMessage();
        } catch (error) {
          this.onerror?.(error as Error);
          continue;
        }
        if (message === null) break;
        this.onmessage?.(message);
      }
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.writeRaw(serializeMessage(message));
  }

  writeRaw(text: string): void {
    this.child.stdin!.write(text);
  }

  async close(): Promise<void> {
    this.child.stdin!.end();
  }
}

export interface McpSession {
  client: Client;
  transport: GroupStdioTransport;
  pid: number;
  /** Signal the server's whole process group. */
  killGroup(signal: NodeJS.Signals): void;
  alive(): boolean;
  close(): Promise<void>;
}

export async function connectMcp(argv: string[], opts: { cwd: string; env: Record<string, string> }): Promise<McpSession> {
  const transport = new GroupStdioTransport(argv, opts);
  const client = new Client({ name: "cc-test", version: "1" });
  await client.connect(transport, { timeout: 30_000 });
  const pid = transport.child.pid!;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      /* already gone */
    }
  };
  return {
    client,
    transport,
    pid,
    killGroup,
    alive: () => transport.child.exitCode === null && transport.child.signalCode === null,
    async close() {
      await client.close().catch(() => {});
      killGroup("SIGKILL");
    },
  };
}
