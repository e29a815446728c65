/**
 * Writing to stdout the cheapest way Bun has: `console.log`, which the floor itself uses.
 * `process.stdout` loads Node's stream machinery (about +10 ms and +8 MiB per run) and
 * `Bun.stdout.writer()` +3 MiB (bench/README.md), on paths that run on every prompt or status.
 * Strings are written as they are (no format specifiers are applied to a lone string).
 */
export function writeOut(text: string): void {
  if (text === "") return;
  console.log(text.endsWith("\n") ? text.slice(0, -1) : text);
}
