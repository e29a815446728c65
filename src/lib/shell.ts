/** Quote for POSIX shells: the result is one word whatever the text holds; plain words stay bare. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
