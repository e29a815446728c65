/**
 * Issue 17, item 9: an untracked file checked with lstat and then swapped for a symbolic link (to a
 * secret outside the repository) or for another file is not read into the review prompt.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { closeSync, lstatSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openChecked, readHead } from "../../src/review/untracked-file.ts";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "cc-swap-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test("a symlink swapped in after the check is not followed", () => {
  const secret = join(root, "secret");
  writeFileSync(secret, "TOP SECRET\n");
  const file = join(root, "notes.txt");
  writeFileSync(file, "harmless\n");
  const checked = lstatSync(file);
  unlinkSync(file);
  symlinkSync(secret, file);
  expect(openChecked(file, checked)).toEqual({ note: "replaced by a symlink while being read, not followed" });
});

test("another file renamed over it after the check is not read", () => {
  const file = join(root, "notes.txt");
  writeFileSync(file, "harmless\n");
  const checked = lstatSync(file);
  const other = join(root, "other");
  writeFileSync(other, "something else\n");
  renameSync(other, file);
  expect(openChecked(file, checked)).toEqual({ note: "replaced while being read, not shown" });
});

test("the file that was checked is read", () => {
  const file = join(root, "notes.txt");
  writeFileSync(file, "harmless\n");
  const opened = openChecked(file, lstatSync(file));
  if (!("fd" in opened)) throw new Error(opened.note);
  expect(readHead(opened.fd, 100).toString()).toBe("harmless\n");
  closeSync(opened.fd);
});
