/** Durations typed by users: `30s`, `15m`, `12h`, `7d`, `2w`. */
import { shownInput, UsageError } from "./errors.ts";

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
/** A duration as typed (`90s`, `20m`, `2h`): what parseDuration accepts (the MCP tools' schemas check the same). */
export const DURATION = /^(\d{1,6})(s|m|h|d|w)?$/;

export function parseDuration(raw: string, flag: string): number {
  const m = DURATION.exec(raw.trim());
  if (!m)
    throw new UsageError(`${flag} "${shownInput(raw)}" is not a duration`, "Use a number with a unit: 90s, 15m, 12h, 7d, 2w (plain numbers are seconds).");
  return Number(m[1]) * UNIT_MS[(m[2] ?? "s") as keyof typeof UNIT_MS];
}

/** A duration as users type it back: `3s`, `10m`, `1h30m`, `2d` (whole units, the two largest at most). */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  return h % 24 ? `${Math.floor(h / 24)}d${h % 24}h` : `${Math.floor(h / 24)}d`;
}
