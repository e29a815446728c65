/**
 * Issue 17, item 8: the rescue's "files changed" must be exact. A same-size edit made in the same
 * second as the index was written is only caught by git's racy-entry check, which needs the copied
 * index to keep the index's own mtime. Real git, real files, real clock.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffSnapshots, takeSnapshot } from "../../src/lib/tree-snapshot.ts";
import { git, initRepo } from "../support/git.ts";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "cc-racy-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const second = () => Math.floor(Date.now() / 1000);

/** Wait for the start of a fresh second, so the next steps share one. */
async function alignToSecond(): Promise<void> {
  const now = Date.now();
  await sleep(1000 - (now % 1000) + 5);
}

test("a same-size edit in the same second as the index was written is reported, 5 of 5 times", async () => {
  const repo = initRepo(join(root, "repo"), { "keep.txt": "k\n" });
  let caught = 0;
  let attempts = 0;
  for (let round = 0; attempts < 5 && round < 8; round++) {
    const file = join(repo, `f${round}.txt`);
    await alignToSecond();
    const s = second();
    writeFileSync(file, "aaaa\n");
    git(repo, "add", "-A"); // the user's index now caches f's stat data, written in second s
    const before = takeSnapshot(repo);
    writeFileSync(file, "bbbb\n"); // same size, same second
    if (second() !== s) continue; // the machine was too slow for this round: not a valid attempt
    attempts++;
    await sleep(1100); // the "after" snapshot is taken in a later second
    const after = takeSnapshot(repo);
    const changes = diffSnapshots(repo, before, after);
    if (changes.files.some((f) => f.path === `f${round}.txt`)) caught++;
  }
  expect(attempts).toBeGreaterThanOrEqual(5);
  expect(caught).toBe(attempts);
}, 30000);

test("a run that changed nothing reports nothing, even right after the index was written", async () => {
  const repo = initRepo(join(root, "repo"), { "a.txt": "a\n" });
  writeFileSync(join(repo, "a.txt"), "b\n");
  git(repo, "add", "-A");
  const before = takeSnapshot(repo);
  await sleep(1100);
  const after = takeSnapshot(repo);
  expect(diffSnapshots(repo, before, after).files).toEqual([]);
}, 10000);
