/** Small formatters every renderer shares. */

export const formatCost = (usd: number | null) => (usd === null ? "-" : usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`);

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** At most `width` characters, an ellipsis marking a cut. */
export const clip = (text: string, width: number) => (text.length <= width ? text : `${text.slice(0, width - 1)}…`);

/** JavaScript's whitespace (what `\s` matches): tab to carriage return, space, and Unicode's spaces. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/**
 * Nothing to collapse: printable ASCII with single spaces. Checked natively (Annex B's `escape`
 * leaves letters, digits and `@*_+-./` alone and spells a space `%20`), because a loop over every
 * character of a listing runs hot enough for the JIT to compile it, which costs `cc status` 2–3 MiB.
 */
const plain = (text: string) => !text.includes("  ") && !escape(text).replaceAll("%20", "").includes("%");

/**
 * Every run of whitespace as one space: `text.replace(/\s+/g, " ")` without the regular expression,
 * whose first use costs `cc status`'s quick road 2 MiB (bench/README.md).
 */
export function oneLine(text: string): string {
  if (plain(text)) return text;
  let out = "";
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isSpace(text.charCodeAt(i))) continue;
    let end = i + 1;
    while (end < text.length && isSpace(text.charCodeAt(end))) end++;
    out += `${text.slice(from, i)} `;
    from = end;
    i = end - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** `1 turn`, `3 turns`. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A finding's path as code hosts want it: forward slashes, relative (no leading `./` or `/`). */
export const repoRelativePath = (file: string) => file.replace(/\\/g, "/").replace(/^(\.\/|\/)+/, "");
