import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipFiles } from "../../build/zip.ts";

const dir = mkdtempSync(join(tmpdir(), "cc-zip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.skipIf(!Bun.which("unzip"))("the Windows archive writer produces a zip that unzip verifies and extracts byte for byte", () => {
  const payload = new Uint8Array(300_000).map((_, i) => (i * 7919) % 251);
  const zip = join(dir, "x.zip");
  writeFileSync(zip, zipFiles([{ name: "cc.exe", data: payload, mode: 0o755 }], new Date()));
  const test = Bun.spawnSync(["unzip", "-t", zip]);
  expect(test.exitCode).toBe(0);
  expect(Bun.spawnSync(["unzip", "-q", zip, "-d", join(dir, "out")]).exitCode).toBe(0);
  expect(new Uint8Array(readFileSync(join(dir, "out", "cc.exe")))).toEqual(payload);
  expect(statSync(join(dir, "out", "cc.exe")).mode & 0o777).toBe(0o755);
});
