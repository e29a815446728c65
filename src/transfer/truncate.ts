/**
 * Tool outputs and arguments can be huge (a `cat` of a log, a build, an env dump): copying them
 * wholesale into a Claude session would fill its context and copy whatever secrets they printed.
 * Past the limit cc keeps the head and the tail and says how much it left out and where it is.
 */

/** Characters of one tool output or argument carried over as is. */
const TOOL_TEXT_LIMIT = 4000;

export interface Shortened {
  text: string;
  truncated: boolean;
}

export function shorten(text: string, source: string, limit = TOOL_TEXT_LIMIT): Shortened {
  if (text.length <= limit) return { text, truncated: false };
  const head = Math.floor(limit * 0.6);
  const tail = Math.floor(limit * 0.25);
  const omitted = text.length - head - tail;
  const note = `\n[… cc transfer left out ${omitted.toLocaleString("en-US")} characters here; the full text is in ${source} …]\n`;
  return { text: text.slice(0, head) + note + text.slice(-tail), truncated: true };
}
