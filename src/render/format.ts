/** Small formatters every renderer shares. */

export const formatCost = (usd: number | null) => (usd === null ? "-" : usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`);

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** `1 turn`, `3 turns`. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A finding's path as code hosts want it: forward slashes, relative (no leading `./` or `/`). */
export const repoRelativePath = (file: string) => file.replace(/\\/g, "/").replace(/^(\.\/|\/)+/, "");
