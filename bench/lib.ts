/** Small helpers shared by the benchmarks: timing runs and printing a table. */

export interface Sample {
  ms: number;
  rssBytes: number;
}

export function runOnce(argv: string[], env?: Record<string, string>): Sample {
  const began = performance.now();
  const r = Bun.spawnSync(argv, { stdout: "ignore", stderr: "pipe", ...(env ? { env } : {}) });
  const ms = performance.now() - began;
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} exited ${r.exitCode}: ${r.stderr.toString()}`);
  return { ms, rssBytes: r.resourceUsage?.maxRSS ?? 0 };
}

export function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted.at(-1)! };
}

export function printTable(headers: string[], rows: (string | number)[][]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of cells.slice(1)) console.log(line(r));
}

export const fmtMs = (ms: number) => ms.toFixed(1);
export const fmtMiB = (bytes: number) => (bytes / 1048576).toFixed(1);
