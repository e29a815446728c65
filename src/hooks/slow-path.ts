/**
 * When a hook's watchdog is armed. src/commands/hook.ts answers on the handler's behalf before
 * Codex's own timeout would kill the hook; but the common case — read the input, ask the store two
 * or three indexed questions, say nothing — is bounded by itself (Codex closes stdin; SQLite waits
 * at most its busy timeout), and a timer costs every prompt's hook 0.7 MiB (bench/README.md). So
 * the watchdog is armed when the handler leaves that path: whatever may take long (reconciling,
 * opening the full store, the review gate) calls `enterSlowPath()` first, and a session's start and
 * end are watched from the start. What the quick path gives up: a stdin Codex never closed is left
 * to Codex's own timeout (15 s for a prompt, 600 s for a stop, against the watchdog's 8 s and 570 s).
 */
let arm: (() => void) | null = null;

/** The command's watchdog, armed by the first `enterSlowPath()` (at most once). */
export function onSlowPath(fn: () => void): void {
  arm = fn;
}

export function enterSlowPath(): void {
  const fn = arm;
  arm = null;
  fn?.();
}
