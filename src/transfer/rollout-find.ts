/**
 * Finding a Codex thread's rollout file: `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<thread id>.jsonl`
 * (or `archived_sessions/` once the user archived it). Walked with node:fs only, newest day first,
 * so it works the same on Windows and never shells out.
 */
import { closeSync, existsSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CcError, shownInput, UsageError } from "../lib/errors.ts";
import { openRegularFile } from "../lib/regular-file.ts";
import { ROLLOUT_FILE } from "./rollout-parse.ts";

/** Codex thread ids are UUIDs; anything else never names a file, so it is refused before any lookup. */
const THREAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function assertThreadId(id: string): void {
  if (!THREAD_ID.test(id))
    throw new UsageError(
      `"${shownInput(id)}" is not a Codex thread id (a UUID such as 01a23568-5020-77a2-acd1-a7e36c4cf256)`,
      "`codex resume` lists your threads; inside Codex the current one is used.",
    );
}

const subdirs = (dir: string) => {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
      .reverse();
  } catch {
    return [];
  }
};

const rolloutFiles = (dir: string) => {
  try {
    return readdirSync(dir)
      .filter((name) => name.startsWith("rollout-") && name.endsWith(".jsonl"))
      .sort()
      .reverse();
  } catch {
    return [];
  }
};

/** Every rollout file, newest first (file names start with the thread's start time). */
function* allRollouts(codexHomeDir: string): Generator<string> {
  const sessions = join(codexHomeDir, "sessions");
  for (const year of subdirs(sessions))
    for (const month of subdirs(join(sessions, year)))
      for (const day of subdirs(join(sessions, year, month))) {
        const dir = join(sessions, year, month, day);
        for (const name of rolloutFiles(dir)) yield join(dir, name);
      }
  const archived = join(codexHomeDir, "archived_sessions");
  for (const name of rolloutFiles(archived)) yield join(archived, name);
}

export function findRollout(codexHomeDir: string, threadId: string): string {
  assertThreadId(threadId);
  const suffix = `-${threadId.toLowerCase()}.jsonl`;
  for (const path of allRollouts(codexHomeDir)) if (path.toLowerCase().endsWith(suffix)) return path;
  throw new CcError(`no Codex thread ${threadId} in ${codexHomeDir}`, {
    hint: existsSync(join(codexHomeDir, "sessions"))
      ? "Check the id (`codex resume` lists threads), or the CODEX_HOME it was recorded under."
      : `${join(codexHomeDir, "sessions")} does not exist: is CODEX_HOME the one Codex uses?`,
  });
}

const metaLine = z.object({ type: z.literal("session_meta"), payload: z.looseObject({ id: z.string(), cwd: z.string() }) });

/** The first line of a rollout (session_meta) without reading the whole file; null when it is not one. */
function readRolloutMeta(path: string): { id: string; cwd: string } | null {
  let fd: number;
  try {
    fd = openRegularFile(path, ROLLOUT_FILE).fd; // never a FIFO (it would block) or a device
  } catch {
    return null;
  }
  try {
    // session_meta holds Codex's whole base prompt, tens of KiB: read until the first newline.
    const chunks: Buffer[] = [];
    for (let total = 0; total < 4 * 1024 * 1024; ) {
      const chunk = Buffer.alloc(65536);
      const n = readSync(fd, chunk, 0, chunk.length, total);
      if (n === 0) break;
      total += n;
      chunks.push(chunk.subarray(0, n));
      if (chunk.subarray(0, n).includes(10)) break;
    }
    const head = Buffer.concat(chunks);
    const end = head.indexOf(10);
    const parsed = metaLine.safeParse(JSON.parse(head.toString("utf8", 0, end < 0 ? head.length : end)));
    return parsed.success ? { id: parsed.data.payload.id, cwd: parsed.data.payload.cwd } : null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The newest thread whose cwd is `cwd` (for a hint when no thread was named); looks at 200 at most. */
export function newestThreadIn(codexHomeDir: string, cwd: string, samePath: (a: string, b: string) => boolean): string | null {
  let looked = 0;
  for (const path of allRollouts(codexHomeDir)) {
    if (++looked > 200) break;
    const meta = readRolloutMeta(path);
    if (meta && samePath(meta.cwd, cwd)) return meta.id;
  }
  return null;
}
