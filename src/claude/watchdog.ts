/**
 * A claude whose cc (the background worker, or a foreground command) dies must not keep running and
 * billing until a later cc command notices. Bun cannot set PR_SET_PDEATHSIG on a child, so a tiny
 * shell watchdog does it: it blocks reading a pipe whose only writer is this process; the kernel
 * closes that pipe when we die, however we die (SIGKILL included), and the watchdog then ends
 * claude's process group — SIGINT, then SIGTERM, then SIGKILL — and, on Linux, every process that
 * still carries the run's marker. Each signal is sent only while the pid still carries the marker,
 * so a reused pid is never hit. On a normal end the watchdog is killed first and does nothing.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { RUN_MARKER_ENV } from "./types.ts";

const SCRIPT = `
pid=$1; marker="${RUN_MARKER_ENV}=$2"
cat > /dev/null
owned() {
  if [ -r /proc/$1/environ ]; then tr '\\0' '\\n' < /proc/$1/environ 2>/dev/null | grep -qxF "$marker"
  else ps -E -ww -o command= -p $1 2>/dev/null | grep -qF "$marker"; fi
}
for sig in INT TERM KILL; do
  owned $pid || break
  kill -$sig -- -$pid 2>/dev/null || kill -$sig $pid 2>/dev/null
  sleep 2
done
if [ -d /proc/self ]; then
  for dir in /proc/[0-9]*; do
    p=\${dir#/proc/}
    [ "$p" = "$$" ] && continue
    owned $p && kill -KILL $p 2>/dev/null
  done
fi
exit 0
`;

export interface Watchdog {
  /** The watchdog's pid (null when none runs). */
  readonly pid: number | null;
  /** The run ended normally: stop watching, without touching anything. */
  release(): void;
}

/** Watch over claude `pid` (which leads its own process group) for the lifetime of this process. */
export function watchOverClaude(pid: number, runMarker: string): Watchdog {
  if (process.platform === "win32" || !Number.isInteger(pid) || pid <= 1) return { pid: null, release() {} };
  let dog: ChildProcess;
  try {
    dog = spawn("/bin/sh", ["-c", SCRIPT, "cc-watchdog", String(pid), runMarker], {
      stdio: ["pipe", "ignore", "ignore"],
      detached: true, // its own group: whoever kills ours does not kill it
      env: { PATH: "/usr/bin:/bin:/usr/sbin:/sbin" },
    });
  } catch {
    return { pid: null, release() {} };
  }
  dog.on("error", () => {});
  dog.stdin?.on("error", () => {});
  dog.unref();
  (dog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    pid: dog.pid ?? null,
    release() {
      if (dog.pid === undefined) return;
      try {
        process.kill(-dog.pid, "SIGKILL"); // the shell and its `cat`, before the pipe closes
      } catch {
        /* already gone */
      }
    },
  };
}
