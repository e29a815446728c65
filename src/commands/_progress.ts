/**
 * The live status line of a foreground Claude run, on stderr (stdout carries only the result). On a
 * terminal it redraws one line in place; elsewhere (`--progress` into a file or pipe) it prints a
 * line only when the activity changes.
 */
import type { ClaudeEvent } from "../claude/types.ts";
import { startedByCodex } from "../lib/invocation.ts";
import { activityAfter, progressText } from "../render/progress.ts";

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
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

  line(): string {
    return progressText({ label: this.label, elapsedMs: Date.now() - this.started, turns: this.turns, activity: this.activity });
  }

  /** An event of the run, with the model turns the runner has counted so far. */
  update(event: ClaudeEvent, turns: number): void {
    this.activity = activityAfter(event, this.activity);
    this.turns = Math.max(this.turns, turns, event.type === "text" || event.type === "tool_start" ? 1 : 0);
    this.draw();
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

/**
 * The progress rule: shown on a terminal, or when asked for with `--progress` (false turns it off).
 * Inside Codex the terminal is the model's (`exec_command` with `tty: true`), and everything on it
 * lands in the result Codex shows: there, only `--progress` turns it on.
 */
export function wantsProgress(
  flag: boolean | undefined,
  stream: ProgressStream = process.stderr,
  env: Record<string, string | undefined> = process.env,
): boolean {
  return flag ?? (stream.isTTY === true && !startedByCodex(env));
}
