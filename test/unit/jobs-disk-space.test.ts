/** Recognising a full disk, and the worker's space reserve (allocated, released, stale ones removed). */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDiskFull, reserveSpace } from "../../src/jobs/disk-space.ts";
import { CcError } from "../../src/lib/errors.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-space-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test("SQLITE_FULL, ENOSPC and a wrapped cause count as a full disk; a locked database does not", () => {
  expect(isDiskFull(Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }))).toBe(true);
  expect(isDiskFull(Object.assign(new Error("write failed"), { code: "ENOSPC" }))).toBe(true);
  expect(isDiskFull(new CcError("cc's job database is full", { cause: Object.assign(new Error("x"), { code: "SQLITE_FULL" }) }))).toBe(true);
  expect(isDiskFull(Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" }))).toBe(false);
});

test("the reserve holds real blocks until released, and a dead worker's reserve is removed", () => {
  const stale = join(dir, ".reserve-999999");
  writeFileSync(stale, "x");
  const reserve = reserveSpace(dir);
  const path = join(dir, `.reserve-${process.pid}`);
  expect(statSync(path).blocks * 512).toBeGreaterThanOrEqual(1024 * 1024);
  expect(existsSync(stale)).toBe(false);
  expect(reserve.release()).toBe(true);
  expect(existsSync(path)).toBe(false);
  expect(reserve.release()).toBe(false);
});
