/**
 * Finding and reading Claude Code session transcripts (`<claude config>/projects/<cwd>/<id>.jsonl`)
 * for `cc transfer --to codex`: by id (in this directory's folder, else any folder, since a rescue
 * may have run elsewhere), by cc job id (rescue jobs record their Claude session), or the newest
 * session of this directory. Lines are zod-parsed leniently: only what cc reports on is read.
 */
import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { claudeConfigDir, projectDir } from "../claude/session.ts";
import { CcError } from "../lib/errors.ts";
import { fileLines, type RegularFileSpec } from "../lib/regular-file.ts";

type Env = Record<string, string | undefined>;

export const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ClaudeTranscript {
  sessionId: string;
  path: string;
  /** The cwd claude recorded (the directory the session resumes from); null if no line names one. */
  cwd: string | null;
  /** sha256 of the file's bytes as read. */
  sha256: string;
  /** Prompts the user typed (tool results and claude's meta messages are not turns). */
  turns: number;
}

const entry = z.looseObject({
  type: z.string(),
  cwd: z.string().optional(),
  isSidechain: z.boolean().optional(),
  isMeta: z.boolean().optional(),
  message: z.looseObject({ role: z.string().optional(), content: z.unknown() }).optional(),
});

const isPrompt = (content: unknown) =>
  typeof content === "string" || (Array.isArray(content) && content.some((b) => b && typeof b === "object" && (b as { type?: unknown }).type === "text"));

/** A Claude transcript: a regular file, at most this large, read line by line (lib/regular-file.ts). */
export const TRANSCRIPT_FILE: RegularFileSpec = {
  what: "the Claude session",
  maxBytes: 1024 * 1024 * 1024,
  tooLargeHint: "Nothing was imported. Continue in a new Claude session (or /compact this one) and transfer that.",
};

export function readTranscript(path: string, sessionId: string): ClaudeTranscript {
  const hash = createHash("sha256");
  let cwd: string | null = null;
  let turns = 0;
  let lines = 0;
  for (const line of fileLines(path, TRANSCRIPT_FILE, { onChunk: (chunk) => hash.update(chunk) })) {
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue; // claude may be writing the last line right now; the importer reads it later anyway
    }
    const e = entry.safeParse(json);
    if (!e.success) continue;
    lines++;
    cwd ??= e.data.cwd ?? null;
    if (e.data.type === "user" && !e.data.isSidechain && !e.data.isMeta && isPrompt(e.data.message?.content)) turns++;
  }
  if (lines === 0) throw new CcError(`the Claude session ${path} holds no conversation`);
  return { sessionId, path, cwd, sha256: hash.digest("hex"), turns };
}

const sessionFiles = (dir: string) => {
  try {
    return readdirSync(dir).filter((n) => n.endsWith(".jsonl") && SESSION_ID.test(n.slice(0, -6)));
  } catch {
    return [];
  }
};

/** The transcript of session `id`: this directory's folder first, then every project folder. */
export function findTranscript(id: string, cwd: string, env: Env = process.env): string | null {
  const here = join(projectDir(cwd, env), `${id}.jsonl`);
  if (sessionFiles(projectDir(cwd, env)).includes(`${id}.jsonl`)) return here;
  const projects = join(claudeConfigDir(env), "projects");
  let dirs: string[] = [];
  try {
    dirs = readdirSync(projects);
  } catch {
    return null;
  }
  for (const dir of dirs) if (sessionFiles(join(projects, dir)).includes(`${id}.jsonl`)) return join(projects, dir, `${id}.jsonl`);
  return null;
}

/** The most recently written session of this directory, or null. */
export function newestTranscript(cwd: string, env: Env = process.env): { id: string; path: string } | null {
  const dir = projectDir(cwd, env);
  // A dangling link (or one that vanished meanwhile) is no session: skipped, not a crash.
  const mtime = (path: string) => {
    try {
      return statSync(path).mtimeMs;
    } catch {
      return null;
    }
  };
  const newest = sessionFiles(dir)
    .map((name) => ({ id: name.slice(0, -6), path: join(dir, name), mtime: mtime(join(dir, name)) }))
    .filter((s): s is { id: string; path: string; mtime: number } => s.mtime !== null)
    .sort((a, b) => b.mtime - a.mtime)[0];
  return newest ? { id: newest.id, path: newest.path } : null;
}
