/**
 * Warnings a command carries on with (a damaged job row skipped in a listing). Collected here,
 * printed once by the entry point (cli.ts) on stderr, so the modules that notice them print nothing.
 */
const pending = new Set<string>();

export function warn(message: string): void {
  pending.add(message);
}

/** Every warning so far, once each; clears them. */
export function takeWarnings(): string[] {
  const all = [...pending];
  pending.clear();
  return all;
}
