/**
 * The live status line of a Claude run, on stderr (stdout carries only the final result):
 * `claude · 12s · turn 3 · Read src/x.ts`. On a terminal it redraws one line in place; elsewhere
 * (`--progress` into a file or pipe) it prints a line only when the activity changes.
 */
import type { ClaudeEvent } from "../claude/types.ts";

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

export class ProgressLine {
  private readonly started = Date.now();
  private turns = 0;
  private activity = "starting";
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastPrinted = "";
  private readonly tty: boolean;
  private readonly width: number;

  constructor(
    private readonly stream: ProgressStream = process.stderr,
    private readonly label = "claude",
  ) {
    this.tty = stream.isTTY === true;
    this.width = Math.max(20, ((stream as { columns?: number }).columns ?? 100) - 1);
    if (this.tty) {
      this.timer = setInterval(() => this.draw(), 1000);
      this.timer.unref?.();
    }
    this.draw();
  }

  /** The line as it reads now. */
  line(): string {
    const turns = this.turns ? ` · turn ${this.turns}` : "";
    return `${this.label} · ${formatElapsed(Date.now() - this.started)}${turns} · ${this.activity}`;
  }

  update(event: ClaudeEvent): void {
    switch (event.type) {
      case "init":
        this.activity = "thinking";
        break;
      case "text":
        this.activity = "writing";
        break;
      case "tool_start":
        this.activity = event.tool.description;
        break;
      case "tool_finish":
        this.activity = "thinking";
        break;
      case "retry":
        this.activity = `retrying (${event.error ?? event.errorStatus ?? "API error"}, attempt ${event.attempt})`;
        break;
      case "model_fallback":
        this.activity = `switched to ${event.to ?? "fallback model"}`;
        break;
      case "result":
        this.activity = event.result.isError ? "failed" : "done";
        break;
    }
    if (event.type === "text" || event.type === "tool_start") this.turns = Math.max(this.turns, 1);
    this.draw();
  }

  /** Count a new model turn (the runner knows message boundaries). */
  setTurns(turns: number): void {
    this.turns = turns;
  }

  private draw(): void {
    if (this.tty) {
      const text = this.line();
      this.stream.write(`\r\x1b[2K${text.length > this.width ? `${text.slice(0, this.width - 1)}…` : text}`);
      return;
    }
    // Without a terminal, print on a change of activity only: elapsed time alone is no news.
    if (this.activity === this.lastPrinted) return;
    this.lastPrinted = this.activity;
    this.stream.write(`${this.line()}\n`);
  }

  /** Remove the line (terminal) so the final result starts on a clean line. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.tty) this.stream.write("\r\x1b[2K");
  }
}

/** The progress rule: shown on a terminal, or when asked for with `--progress` (false turns it off). */
export function wantsProgress(flag: boolean | undefined, stream: ProgressStream = process.stderr): boolean {
  return flag ?? stream.isTTY === true;
}
