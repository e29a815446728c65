/**
 * The one place cc listens for termination signals. A foreground run and the background worker
 * both need "Ctrl-C, `kill` or a closed terminal → cancel the Claude run cleanly"; claude runs in
 * its own process group, so the signal would never reach it by itself.
 */
const TERMINATION_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Call `handler` on SIGINT, SIGTERM or SIGHUP until the returned function is called. */
export function onTermination(handler: (signal: NodeJS.Signals) => void): () => void {
  const listeners = TERMINATION_SIGNALS.map((sig) => [sig, () => handler(sig)] as const);
  for (const [sig, fn] of listeners) process.on(sig, fn);
  return () => {
    for (const [sig, fn] of listeners) process.off(sig, fn);
  };
}
