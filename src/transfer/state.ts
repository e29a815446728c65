/**
 * What cc transferred, one small JSON file per source conversation in `<data dir>/transfers/`
 * (a file per thread merges and cleans up more easily than a table, and two threads never contend).
 *
 * - `codex-<thread id>.json`: the Claude session a Codex thread went to, the turn ids already in it,
 *   and the size and hash of the session file right after cc wrote it — if the file differs now,
 *   the user continued it in Claude and cc must not append behind their back.
 * - `claude-<session id>.json`: the Codex thread a Claude session was imported as, and the hash of
 *   the session file at that import.
 * An unreadable record is treated as no record (the caller then starts afresh and says so).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../lib/atomic-write.ts";
import { dataDir } from "../lib/paths.ts";
import { ensurePrivateDir } from "../lib/private-dir.ts";

type Env = Record<string, string | undefined>;

const toClaudeRecord = z.object({
  version: z.literal(1),
  threadId: z.string(),
  cwd: z.string(),
  claudeSession: z.string(),
  transcript: z.string(),
  turnIds: z.array(z.string()),
  leafUuid: z.string().nullable(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  updatedAt: z.string(),
});
export type ToClaudeRecord = z.infer<typeof toClaudeRecord>;

const toCodexRecord = z.object({
  version: z.literal(1),
  claudeSession: z.string(),
  transcript: z.string(),
  codexThread: z.string(),
  sha256: z.string(),
  turns: z.number().int().nonnegative(),
  updatedAt: z.string(),
});
export type ToCodexRecord = z.infer<typeof toCodexRecord>;

const transfersDir = (env: Env = process.env) => join(dataDir(env), "transfers");

export const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

export type Loaded<T> = { kind: "none" } | { kind: "unreadable"; path: string } | { kind: "found"; record: T };

function load<T>(path: string, schema: z.ZodType<T>): Loaded<T> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? { kind: "none" } : { kind: "unreadable", path };
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? { kind: "found", record: parsed.data } : { kind: "unreadable", path };
  } catch {
    return { kind: "unreadable", path };
  }
}

function save(path: string, record: unknown, env: Env): void {
  ensurePrivateDir(transfersDir(env));
  writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`, 0o600);
}

const toClaudePath = (threadId: string, env: Env) => join(transfersDir(env), `codex-${threadId.toLowerCase()}.json`);
const toCodexPath = (sessionId: string, env: Env) => join(transfersDir(env), `claude-${sessionId.toLowerCase()}.json`);

export const loadToClaude = (threadId: string, env: Env = process.env) => load(toClaudePath(threadId, env), toClaudeRecord);
export const saveToClaude = (record: ToClaudeRecord, env: Env = process.env) => save(toClaudePath(record.threadId, env), record, env);
export const loadToCodex = (sessionId: string, env: Env = process.env) => load(toCodexPath(sessionId, env), toCodexRecord);
export const saveToCodex = (record: ToCodexRecord, env: Env = process.env) => save(toCodexPath(record.claudeSession, env), record, env);
