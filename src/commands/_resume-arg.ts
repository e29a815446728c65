/**
 * `--resume` is a boolean (cc's and cc-plugin-codex's), so the word after it is normally task text.
 * The rule that keeps this unambiguous: the word right after `--resume` is taken as the rescue to
 * continue only when it looks like a rescue job id (`rescue-k7m2qp`, or a prefix) or a Claude
 * session id (a UUID); `--resume=<id>` always names one. Anything else stays task text, and
 * `--resume -- rescue-k7m2qp …` sends even such a word to Claude as text.
 */
import type { ArgsDef } from "citty";

export interface ResumeWord {
  /** The word after `--resume` (or the value of `--resume=`). */
  ref: string;
  /** Its index among the positional words (null for `--resume=<id>`, which is not one). */
  wordIndex: number | null;
  /** `--resume=<id>`: the user said it is an id. */
  explicit: boolean;
}

function valueFlags(argsDef: ArgsDef): Set<string> {
  const names = new Set<string>();
  for (const [key, def] of Object.entries(argsDef)) {
    if (def.type !== "string" && def.type !== "enum") continue;
    names.add(`--${key}`);
    const alias = "alias" in def ? def.alias : undefined;
    for (const a of alias === undefined ? [] : Array.isArray(alias) ? alias : [alias]) names.add(a.length === 1 ? `-${a}` : `--${a}`);
  }
  return names;
}

/** The word `--resume` may name, with where it sits among the positionals; null when there is none. */
export function resumeWord(rawArgs: string[], argsDef: ArgsDef, looksLikeReference: (word: string) => boolean): ResumeWord | null {
  const takesValue = valueFlags(argsDef);
  let positionals = 0;
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!;
    if (arg === "--") return null;
    if (arg.startsWith("--resume=")) return { ref: arg.slice("--resume=".length), wordIndex: null, explicit: true };
    if (arg === "--resume") {
      const next = rawArgs[i + 1];
      return next !== undefined && !next.startsWith("-") && looksLikeReference(next) ? { ref: next, wordIndex: positionals, explicit: false } : null;
    }
    if (arg.startsWith("-") && arg !== "-") {
      if (!arg.includes("=") && takesValue.has(arg)) i++;
      continue;
    }
    positionals++;
  }
  return null;
}
