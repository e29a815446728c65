/** The prompt a rescue sends: our framing around the user's task, kept byte for byte. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { payloadFiles } from "../payload/files.ts";

/** Project instructions inlined into the prompt are capped: a huge CLAUDE.md must not crowd out the task. */
const MAX_PROJECT_INSTRUCTIONS = 64 * 1024;

/**
 * Both profiles run claude with `--setting-sources user` (so a repository's hooks and MCP servers
 * never run), which also skips the project's CLAUDE.md; rescue works on the user's own code, so its
 * instructions are passed in the prompt instead.
 */
function projectInstructions(root: string): string | null {
  try {
    const text = readFileSync(join(root, "CLAUDE.md"), "utf8");
    if (!text.trim()) return null;
    return text.length > MAX_PROJECT_INSTRUCTIONS ? `${text.slice(0, MAX_PROJECT_INSTRUCTIONS)}\n[… CLAUDE.md truncated by cc]` : text;
  } catch {
    return null;
  }
}

/**
 * A task that starts with `/name` is a Claude slash command (`/simplify`, a skill, `plugin:cmd`):
 * claude -p runs it only when the prompt begins with it, so it goes to Claude as is, unwrapped.
 * A path (`/tmp/x is broken`) is not one: claude reads it as text, and so does cc.
 */
export const isSlashCommand = (task: string): boolean => /^\/[A-Za-z][\w:.-]*(?=\s|$)/.test(task);

export function rescuePrompt(task: string, workspaceRoot: string): string {
  if (isSlashCommand(task)) return task;
  const template = payloadFiles["plugin/prompts/rescue.md"]!;
  // split/join, not replace(): `$&`-style patterns in the task must stay literal.
  let prompt = template.split("{{TASK}}").join(task);
  const instructions = projectInstructions(workspaceRoot);
  if (instructions) prompt += `\n<project_instructions source="CLAUDE.md">\n${instructions}\n</project_instructions>\n`;
  return prompt;
}

/** A follow-up in a resumed session: the user's text as is, or a plain "continue". */
export function continuePrompt(task: string | null): string {
  return task ?? payloadFiles["plugin/prompts/rescue-continue.md"]!;
}
