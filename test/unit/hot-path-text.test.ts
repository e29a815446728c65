/**
 * The hand-written text helpers of the hot paths (no node:path, no regular expression: see
 * bench/README.md) must say what the library versions say for every input cc gives them.
 */
import { expect, test } from "bun:test";
import { isAbsolute, join } from "node:path";
import { asksForResults } from "../../src/hooks/user-prompt-submit.ts";
import { homeDirectory, isAbsolutePath, joinPath, parentDir } from "../../src/lib/path-text.ts";
import { oneLine } from "../../src/render/format.ts";

test("path text agrees with node:path for cc's own paths", () => {
  for (const p of ["/", "/home/me", "/home/me/", "relative", "./x", "", "//x"]) expect(isAbsolutePath(p)).toBe(isAbsolute(p));
  for (const [base, ...names] of [
    ["/home/me", ".codex"],
    ["/home/me/", ".codex", "plugins", "data", "cc-cc"],
    ["/", "cc.db"],
    ["/data//", "logs"],
  ]) {
    expect(joinPath(base!, ...names)).toBe(join(base!, ...names));
  }
  for (const p of ["/a/b/cc.db", "/cc.db", "/a/b/", "/"]) expect(parentDir(p)).toBe(p === "/" ? "/" : join(p, ".."));
  expect(homeDirectory({ HOME: "/somewhere" })).toBe("/somewhere");
  expect(homeDirectory({})).toBe((require("node:os") as typeof import("node:os")).homedir());
});

test('oneLine is `replace(/\\s+/g, " ")`, whatever the whitespace', () => {
  const samples = [
    "plain summary",
    "two  spaces",
    "tab\there",
    "line\nbreak\r\nand\vmore\f",
    " leading and trailing ",
    "non\u00a0breaking\u2003em\u2028line\u3000ideographic\ufeffbom",
    "%20 literal percent and @*_+-./ signs",
    "ünïcödé without spaces",
    "",
  ];
  for (const s of samples) expect(oneLine(s)).toBe(s.replace(/\s+/g, " "));
  // Every UTF-16 code unit, alone, doubled and between words (the quick check must not pass a space).
  const wrong: string[] = [];
  for (let c = 0; c <= 0xffff; c++) {
    const ch = String.fromCharCode(c);
    for (const s of [`a${ch}b`, `a ${ch}${ch} b`, `x: ${ch} — (y)`]) if (oneLine(s) !== s.replace(/\s+/g, " ")) wrong.push(c.toString(16));
  }
  expect(wrong).toEqual([]);
});

test("the prompt hook's `$cc:status`/`$cc:result` test matches as the pattern did", () => {
  const pattern = /\$cc:(status|result)\b/i;
  for (const prompt of [
    "$cc:status",
    "run $CC:Result now",
    "$cc:status-ish",
    "$cc:statuses",
    "$cc:result_x",
    "cc:status",
    "$cc:rescue status",
    "x $cc:stat $cc:result.",
  ]) {
    expect(asksForResults(prompt)).toBe(pattern.test(prompt));
  }
});
