/** Small formatters every renderer shares. */

export const formatCost = (usd: number | null) => (usd === null ? "-" : usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`);

/** `7` as `07`: minutes and seconds under a larger unit (not padStart: see `oneLine`). */
const twoDigits = (n: number) => (n < 10 ? `0${n}` : `${n}`);

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${twoDigits(s % 60)}s` : `${Math.floor(m / 60)}h${twoDigits(m % 60)}m`;
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
 * Nothing to collapse: no two spaces in a row and no other whitespace. Asked of `escape`'s spelling
 * with native calls (a control character is `%00`–`%1F`, U+00A0 `%A0`, the other Unicode spaces
 * `%u1680`, `%u2000`–`%u200A`, `%u2028`, `%u2029`, `%u202F`, `%u205F`, `%u3000`, `%uFEFF`; a
 * literal `%` is `%25`). The list's quick road runs in the interpreter: a loop over every character
 * of 20 summaries with punctuation cost `cc status` a millisecond, and run hot enough, the JIT's
 * first compile costs it 2–3 MiB. A false "not plain" (a zero-width space, `%u200B`) only takes the
 * loop below.
 */
function plain(text: string): boolean {
  if (text.includes("  ")) return false;
  const e = escape(text);
  // One expression, not a loop over a list: 20 rows of a loop woke the JIT (DFG) here.
  const anyOther = e.includes("%0") || e.includes("%1") || e.includes("%A0") || e.includes("%u1680") || e.includes("%u3000") || e.includes("%uFEFF");
  return (
    !anyOther && !(e.includes("%u20") && (e.includes("%u200") || e.includes("%u2028") || e.includes("%u2029") || e.includes("%u202F") || e.includes("%u205F")))
  );
}

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
