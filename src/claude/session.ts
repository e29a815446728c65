/**
 * Claude sessions are scoped by working directory: a session can only be resumed from the cwd it
 * ran in. These helpers name that pair for users and find the transcript claude wrote.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { shellQuote } from "../lib/shell.ts";


/** The command a user runs to continue a session by hand: `cd '<cwd>' && claude --resume <id>`. */
export function resumeCommand(cwd: string, sessionId: string): string {
  return `cd ${shellQuote(cwd)} && claude --resume ${shellQuote(sessionId)}`;
}

/** claude's config dir: CLAUDE_CONFIG_DIR, else ~/.claude. */
export function claudeConfigDir(env: Record<string, string | undefined> = process.env): string {
  return env.CLAUDE_CONFIG_DIR || join(env.HOME || homedir(), ".claude");
}

/** Where claude keeps a session's transcript: projects/<cwd with every non-alphanumeric as '-'>/<id>.jsonl. */
export function transcriptPath(cwd: string, sessionId: string, env: Record<string, string | undefined> = process.env): string {
  return join(claudeConfigDir(env), "projects", cwd.replace(/[^A-Za-z0-9]/g, "-"), `${sessionId}.jsonl`);
}

export function transcriptExists(cwd: string, sessionId: string, env: Record<string, string | undefined> = process.env): boolean {
  return existsSync(transcriptPath(cwd, sessionId, env));
}
