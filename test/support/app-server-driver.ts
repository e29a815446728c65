/**
 * Driving the real `codex app-server` like an interactive client (the TUI and IDEs work this way):
 * start a thread, run turns, and collect every notification — in particular `hook/completed`,
 * whose entries are what a user sees of a hook (`warning` = a hook's systemMessage). `codex exec`
 * prints none of that, so user-visible hook output is asserted here.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { codexBin } from "./bins.ts";

export interface Notification {
  method: string;
  params: any;
}

export class AppServerDriver {
  private nextId = 1;
  private buffer = "";
  private readonly waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  readonly notifications: Notification[] = [];
  stderr = "";

  private constructor(private readonly child: ChildProcess) {
    child.stdout!.setEncoding("utf8").on("data", (d: string) => this.onData(d));
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (this.stderr += d));
  }

  static async start(opts: { cwd: string; env: Record<string, string> }): Promise<AppServerDriver> {
    const child = spawn(codexBin, ["app-server"], { cwd: opts.cwd, env: opts.env, stdio: ["pipe", "pipe", "pipe"], detached: true });
    const driver = new AppServerDriver(child);
    await driver.request("initialize", {
      clientInfo: { name: "cc-test", title: null, version: "0" },
      capabilities: { experimentalApi: true, requestAttestation: false },
    });
    driver.send({ jsonrpc: "2.0", method: "initialized" });
    return driver;
  }

  private send(message: unknown): void {
    this.child.stdin!.write(`${JSON.stringify(message)}\n`);
  }

  private onData(data: string): void {
    this.buffer += data;
    let nl: number;
    while ((nl = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (!line) continue;
      let msg: any;
      try {
        msg = JSON.parse(line);
      } catch {
        continue;
      }
      if (typeof msg.id === "number" && !msg.method) {
        const w = this.waiting.get(msg.id);
        this.waiting.delete(msg.id);
        if (msg.error) w?.reject(new Error(JSON.stringify(msg.error)));
        else w?.resolve(msg.result);
      } else if (msg.method && msg.id !== undefined) {
        this.send({ jsonrpc: "2.0", id: msg.id, error: { code: -32601, message: "test client grants nothing" } });
      } else if (msg.method) this.notifications.push({ method: msg.method, params: msg.params });
    }
  }

  request(method: string, params: unknown, timeoutMs = 30000): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer in ${timeoutMs} ms; stderr: ${this.stderr.slice(-500)}`)), timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.send({ jsonrpc: "2.0", id, method, params });
    });
  }

  async startThread(cwd: string): Promise<string> {
    const r = await this.request("thread/start", { cwd });
    return r.thread.id as string;
  }

  /** Run one turn to completion; returns the notifications that arrived during it. */
  async turn(threadId: string, text: string, timeoutMs = 90000): Promise<Notification[]> {
    const from = this.notifications.length;
    await this.request("turn/start", { threadId, input: [{ type: "text", text, text_elements: [] }] });
    const deadline = Date.now() + timeoutMs;
    while (!this.notifications.slice(from).some((n) => n.method === "turn/completed")) {
      if (Date.now() > deadline) throw new Error(`turn did not complete in ${timeoutMs} ms; stderr: ${this.stderr.slice(-800)}`);
      await Bun.sleep(50);
    }
    return this.notifications.slice(from);
  }

  async close(): Promise<void> {
    this.child.stdin!.end();
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    const timer = setTimeout(() => {
      try {
        process.kill(-this.child.pid!, "SIGKILL");
      } catch {
        /* gone */
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** The text a user sees from hooks in these notifications: `[event kind] text` per entry. */
export function hookEntries(notifications: Notification[]): { event: string; status: string; kind: string; text: string }[] {
  return notifications
    .filter((n) => n.method === "hook/completed")
    .flatMap((n) => {
      const run = n.params?.run ?? {};
      const entries: any[] = Array.isArray(run.entries) ? run.entries : [];
      return entries.length
        ? entries.map((e) => ({ event: String(run.eventName), status: String(run.status), kind: String(e.kind), text: String(e.text) }))
        : [{ event: String(run.eventName), status: String(run.status), kind: "", text: "" }];
    });
}
