/**
 * A disposable cc data directory for in-process tests (the job store and config read CC_DATA_DIR):
 * created before the file's tests, CC_DATA_DIR pointed at it, and everything restored and removed
 * after them. Tests that spawn processes use Sandbox instead, which passes the env explicitly.
 */
import { afterAll, beforeAll } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeDatabase } from "../../src/jobs/db.ts";

export interface TempDataDir {
  /** The temporary root; the data dir is `<root>/data`. */
  readonly root: string;
}

export function useTempDataDir(prefix: string): TempDataDir {
  const fixture = { root: "" };
  const saved = process.env.CC_DATA_DIR;
  beforeAll(() => {
    fixture.root = mkdtempSync(join(tmpdir(), `${prefix}-`));
    process.env.CC_DATA_DIR = join(fixture.root, "data");
  });
  afterAll(() => {
    closeDatabase();
    if (saved === undefined) delete process.env.CC_DATA_DIR;
    else process.env.CC_DATA_DIR = saved;
    rmSync(fixture.root, { recursive: true, force: true });
  });
  return fixture;
}
