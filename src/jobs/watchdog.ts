/**
 * The watchdog of one run: a Claude stream that stops sending (a stalled connection, a wedged
 * claude) would otherwise keep the job "running", with a live heartbeat, until someone kills it.
 * It trips once — no event for `stallMs` (longer while a tool runs), or `maxMs` in total — and the
 * run is then cancelled by the caller and recorded as failed with the reason.
 */
import { formatDuration } from "../lib/duration.ts";
import { type RunLimits, TOOL_STALL_MS } from "./limits.ts";

export interface WatchdogTrip {
  errorClass: "stalled" | "timed_out";
  message: string;
}

const CHECK_MS = 1000;

export class Watchdog {
  private lastEvent: number;
  private toolRunning = false;
  private readonly timer: ReturnType<typeof setInterval> | null;
  private tripped: WatchdogTrip | null = null;

  constructor(
    private readonly limits: RunLimits,
    private readonly onTrip: (trip: WatchdogTrip) => void,
    private readonly started = Date.now(),
  ) {
    this.lastEvent = started;
    const enabled = limits.stallMs !== null || limits.maxMs !== null;
    this.timer = enabled ? setInterval(() => this.check(), Math.min(CHECK_MS, limits.stallMs ?? CHECK_MS, limits.maxMs ?? CHECK_MS)) : null;
  }

  /** Claude sent an event; `toolRunning` says whether a tool is running after it. */
  activity(toolRunning: boolean, now = Date.now()): void {
    this.lastEvent = now;
    this.toolRunning = toolRunning;
  }

  get trip(): WatchdogTrip | null {
    return this.tripped;
  }

  check(now = Date.now()): WatchdogTrip | null {
    if (this.tripped) return this.tripped;
    const { stallMs, maxMs } = this.limits;
    if (maxMs !== null && now - this.started >= maxMs) {
      this.fire({
        errorClass: "timed_out",
        message: `the run reached its time limit of ${formatDuration(maxMs)} (--max-time, or maxRunTime in config.json) and cc stopped it`,
      });
    } else if (stallMs !== null) {
      const limit = this.toolRunning ? Math.max(stallMs, TOOL_STALL_MS) : stallMs;
      if (now - this.lastEvent >= limit) {
        this.fire({
          errorClass: "stalled",
          message: `Claude sent nothing for ${formatDuration(now - this.lastEvent)} (the stream stalled), so cc stopped the run`,
        });
      }
    }
    return this.tripped;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private fire(trip: WatchdogTrip): void {
    this.tripped = trip;
    this.stop();
    this.onTrip(trip);
  }
}
