/**
 * Ask-back: a run that needs a decision only the user can make ends its final answer with one
 * marked line, `NEEDS INPUT: <question>` (the rescue and review prompts say so). A marked final line
 * rather than a tool: it needs no MCP server (cc runs claude with `--strict-mcp-config` and read-only
 * tool sets), it works the same under every profile and in a resumed session, and it stays readable
 * in the transcript and in `cc result` when nobody answers.
 */

/** The longest question kept (one line in a notice; the full text stays in the result). */
const MAX_QUESTION = 300;

/** The question of a final text that ends with the marked line; null when it does not. */
export function parkedQuestion(text: string | null): string | null {
  if (!text) return null;
  const last = text.trimEnd().split("\n").at(-1)?.trim() ?? "";
  const match = /^\**NEEDS INPUT:\**\s*(.+)$/i.exec(last);
  if (!match) return null;
  const question = match[1]!.replace(/\*+$/, "").replace(/\s+/g, " ").trim();
  if (!question) return null;
  return question.length > MAX_QUESTION ? `${question.slice(0, MAX_QUESTION - 1)}…` : question;
}
