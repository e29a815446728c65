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

/**
 * claude's folder for one cwd: projects/<cwd with every non-alphanumeric as '-'>. Past 200
 * characters claude cuts the name and adds a hash of the full cwd (read from claude 2.1.197).
 */
export function projectDir(cwd: string, env: Record<string, string | undefined> = process.env): string {
  const name = cwd.replace(/[^A-Za-z0-9]/g, "-");
  if (name.length <= 200) return join(claudeConfigDir(env), "projects", name);
  let hash = 0;
  for (let i = 0; i < cwd.length; i++) hash = ((hash << 5) - hash + cwd.charCodeAt(i)) | 0;
  return join(claudeConfigDir(env), "projects", `${name.slice(0, 200)}-${Math.abs(hash).toString(36)}`);
}

/** Where claude keeps a session's transcript: <projectDir>/<id>.jsonl. */
export function transcriptPath(cwd: string, sessionId: string, env: Record<string, string | undefined> = process.env): string {
  return join(projectDir(cwd, env), `${sessionId}.jsonl`);
}

export function transcriptExists(cwd: string, sessionId: string, env: Record<string, string | undefined> = process.env): boolean {
  return existsSync(transcriptPath(cwd, sessionId, env));
}
