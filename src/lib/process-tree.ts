/**
 * Containing what a run started. Claude's tools can leave its process group and session (`setsid`)
 * and drop the run marker from their environment (`env -u CC_RUN_MARKER`), so neither a group kill
 * nor the marker sweep finds them. On Linux cc becomes a "child subreaper" before it starts claude:
 * an orphaned descendant is then re-parented to cc instead of to init, and stays findable as cc's
 * descendant until it exits. Elsewhere this is a no-op and only the group kill and the marker sweep
 * apply.
 */
import { readdirSync, readFileSync } from "node:fs";
import { signalProcess } from "./process.ts";

const PR_SET_CHILD_SUBREAPER = 36;
let subreaper: boolean | null = null;

/** Make this process the subreaper of its descendants (Linux, through libc's prctl). True on success. */
export async function becomeSubreaper(): Promise<boolean> {
  if (subreaper !== null) return subreaper;
  subreaper = false;
  if (process.platform !== "linux") return false;
  try {
    const { dlopen, FFIType } = await import("bun:ffi");
    for (const name of ["libc.so.6", "libc.so"]) {
      try {
        const libc = dlopen(name, { prctl: { args: [FFIType.i32, FFIType.u64, FFIType.u64, FFIType.u64, FFIType.u64], returns: FFIType.i32 } });
        subreaper = libc.symbols.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) === 0;
        break;
      } catch {
        /* try the next name (glibc, musl) */
      }
    }
  } catch {
    /* no FFI: stay without */
  }
  return subreaper;
}

/** Every live descendant of `root` (Linux /proc; empty elsewhere), children before grandchildren. */
function descendantsOf(root: number): number[] {
  if (process.platform !== "linux") return [];
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z" || fields[0] === "X") continue;
      const ppid = Number(fields[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length)
    for (const child of children.get(queue.shift()!) ?? []) {
      out.push(child);
      queue.push(child);
    }
  return out;
}

/** End every descendant of this process except `keep`: SIGTERM, a moment, then SIGKILL. Returns how many there were. */
export async function endDescendants(keep: readonly number[] = []): Promise<number> {
  const victims = () => descendantsOf(process.pid).filter((pid) => !keep.includes(pid));
  const first = victims();
  for (const pid of first) signalProcess(pid, "SIGTERM");
  if (first.length === 0) return 0;
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const pid of victims()) signalProcess(pid, "SIGKILL");
  return first.length;
}
