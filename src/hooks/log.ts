/**
 * The hook log, `<data dir>/hooks.log`: one line per hook that had trouble (bad input, database
 * locked, a crash) or did something worth knowing later (the gate failed open, jobs cancelled at
 * session end). Bounded: past MAX_LOG_BYTES the file moves to `hooks.log.1` (one generation kept).
 * Writing it never throws: a hook whose data dir is unwritable still exits 0.
 */
import { appendFileSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";
import { dataDir } from "../lib/paths.ts";
import { ensurePrivateDir } from "../lib/private-dir.ts";

const MAX_LOG_BYTES = 256 * 1024;

const hookLogPath = (env: Record<string, string | undefined> = process.env) => join(dataDir(env), "hooks.log");

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim().slice(0, 500);

export function hookLog(event: string, message: string, env: Record<string, string | undefined> = process.env): void {
  try {
    const path = hookLogPath(env);
    try {
      if (statSync(path).size > MAX_LOG_BYTES) renameSync(path, `${path}.1`);
    } catch {
      ensurePrivateDir(join(path, ".."));
    }
    appendFileSync(path, `${new Date().toISOString()} ${oneLine(event)} pid=${process.pid} ${oneLine(message)}\n`, { mode: 0o600 });
  } catch {
    /* nowhere to write: the hook's exit status is what matters */
  }
}

export const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.message}${(error as { hint?: string }).hint ? ` (${(error as { hint?: string }).hint})` : ""}` : String(error);
