/**
 * The real interactive Codex TUI in a private tmux server: type into it, read the screen. What a
 * person sees is the assertion surface, so reads are of the rendered pane (scrollback included),
 * never of Codex's files. Each TUI gets its own tmux socket, killed at the end with everything in it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { codexBin } from "./bins.ts";

export interface TuiOptions {
  cwd: string;
  env: Record<string, string>;
  /** Arguments after `codex` (for example `["resume", id]`). */
  args?: string[];
  width?: number;
  height?: number;
  codex?: string;
}

const sh = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

export class CodexTui {
  readonly socket: string;
  private readonly session = "cc";

  constructor(socketDir: string, name = "tui") {
    this.socket = join(socketDir, `tmux-${name}`);
  }

  private tmux(...args: string[]): string {
    const r = Bun.spawnSync(["tmux", "-S", this.socket, ...args], { stdin: "ignore", stdout: "pipe", stderr: "pipe", timeout: 10_000 });
    if (r.exitCode !== 0) throw new Error(`tmux ${args[0]}: ${r.stderr.toString().trim()}`);
    return r.stdout.toString();
  }

  /** Start codex in a new window; `remain-on-exit` keeps its last screen readable after it quits. */
  start(opts: TuiOptions): void {
    const env = Object.entries(opts.env).map(([k, v]) => `${k}=${sh(v)}`);
    const command = `cd ${sh(opts.cwd)} && exec env -i ${env.join(" ")} ${sh(opts.codex ?? codexBin)} ${(opts.args ?? []).map(sh).join(" ")}`;
    if (this.running()) {
      this.tmux("respawn-window", "-k", "-t", this.session, command);
      return;
    }
    this.tmux("-f", "/dev/null", "new-session", "-d", "-s", this.session, "-x", String(opts.width ?? 160), "-y", String(opts.height ?? 50), command);
    this.tmux("set-option", "-t", this.session, "remain-on-exit", "on");
    this.tmux("set-option", "-t", this.session, "history-limit", "20000");
  }

  private running(): boolean {
    return Bun.spawnSync(["tmux", "-S", this.socket, "has-session", "-t", this.session], { stdout: "ignore", stderr: "ignore" }).exitCode === 0;
  }

  /** Is codex still running in the pane? */
  alive(): boolean {
    return this.tmux("display-message", "-p", "-t", this.session, "#{pane_dead}").trim() === "0";
  }

  /** The pane's text, scrollback included (`-J` joins lines the terminal wrapped). */
  screen(): string {
    return this.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", this.session);
  }

  /**
   * Type text literally and, once the composer shows it, press Enter. A `$plugin:skill` mention at
   * the end opens Codex's skill popup, where the first Enter only completes the mention: end such
   * text with a space.
   */
  async type(text: string, enter = true): Promise<void> {
    const shown = text.trimEnd().slice(-20);
    this.tmux("send-keys", "-t", this.session, "-l", text);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !this.tmux("capture-pane", "-p", "-J", "-t", this.session).includes(shown)) await Bun.sleep(100);
    if (enter) {
      await Bun.sleep(200);
      this.tmux("send-keys", "-t", this.session, "Enter");
    }
  }

  keys(...keys: string[]): void {
    this.tmux("send-keys", "-t", this.session, ...keys);
  }

  /**
   * Wait until `test` holds for the screen text, or for the text after the last prompt the user
   * typed that starts with `after` (what that prompt's turn printed).
   */
  async waitFor(test: RegExp | string, opts: { timeoutMs?: number; after?: string } = {}): Promise<string> {
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    let text = "";
    while (Date.now() < deadline) {
      text = this.screen();
      if (opts.after !== undefined) {
        const at = text.lastIndexOf(`› ${opts.after.trim()}`);
        text = at < 0 ? "" : text.slice(at);
      }
      if (typeof test === "string" ? text.includes(test) : test.test(text)) return text;
      await Bun.sleep(200);
    }
    throw new Error(`the Codex TUI did not show ${String(test)} within ${opts.timeoutMs ?? 60_000} ms; the screen:\n${text}`);
  }

  kill(): void {
    Bun.spawnSync(["tmux", "-S", this.socket, "kill-server"], { stdout: "ignore", stderr: "ignore" });
  }
}

/**
 * The interactive Codex (0.169 and later) starts an app-server daemon from
 * `$CODEX_HOME/packages/app-server-daemon/` that outlives the TUI (it is what runs SessionEnd a
 * minute after /quit). A test's Codex home is its own: end the daemons started from it.
 */
export function stopCodexDaemons(codexHome: string): void {
  const prefix = join(codexHome, "packages", "app-server-daemon");
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith(prefix)) process.kill(Number(pid), "SIGKILL");
    } catch {
      /* gone already, or not ours to read */
    }
  }
}
