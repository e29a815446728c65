/**
 * Release archives are reproducible: the same files give the same bytes, whatever the time of the
 * build, the order the files came in, or the user and time zone of the build machine.
 */
import { afterAll, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sourceDate, tarGz } from "../../build/tar.ts";
import { zipFiles } from "../../build/zip.ts";

const dir = mkdtempSync(join(tmpdir(), "cc-archives-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const epoch = new Date(Date.UTC(2026, 0, 2, 3, 4, 6));
const entries = () => [
  { name: "cc", data: new Uint8Array(70_000).map((_, i) => (i * 31) % 253), mode: 0o755 },
  { name: "README.txt", data: Buffer.from("hello\n"), mode: 0o644 },
];

test("two tar.gz writes of the same files, in any order, are byte-identical", async () => {
  const first = tarGz(entries(), epoch);
  await Bun.sleep(1100); // a second later: a writer that stamps "now" would differ
  const second = tarGz(entries().reverse(), epoch);
  expect(sha(second)).toBe(sha(first));
});

test.skipIf(!Bun.which("tar"))("tar lists the archive with the fixed date, root owner, exec mode, and extracts it byte for byte", () => {
  const archive = join(dir, "x.tar.gz");
  writeFileSync(archive, tarGz(entries(), epoch));
  const list = Bun.spawnSync(["tar", "-tvzf", archive], { env: { TZ: "UTC", LANG: "C", PATH: process.env.PATH ?? "" } });
  expect(list.exitCode).toBe(0);
  const lines = list.stdout.toString().trim().split("\n");
  expect(lines.map((l) => l.split(/\s+/).at(-1))).toEqual(["README.txt", "cc"]);
  const gnuTar = Bun.spawnSync(["tar", "--version"]).stdout.toString().includes("GNU tar");
  if (gnuTar) expect(lines[1]).toMatch(/^-rwxr-xr-x 0\/0 +70000 2026-01-02 03:04 cc$/);
  else expect(lines[1]).toMatch(/^-rwxr-xr-x +\d+ +0 +0 +70000 Jan +2 +2026 cc$/); // bsdtar (macOS)
  const out = join(dir, "tar-out");
  Bun.spawnSync(["mkdir", "-p", out]);
  expect(Bun.spawnSync(["tar", "-xzf", archive, "-C", out]).exitCode).toBe(0);
  expect(new Uint8Array(readFileSync(join(out, "cc")))).toEqual(entries()[0]!.data);
  expect(statSync(join(out, "cc")).mode & 0o777).toBe(0o755);
});

test("two zip writes of the same files, in any order and at different times, are byte-identical", async () => {
  const first = zipFiles(entries(), epoch);
  await Bun.sleep(1100);
  const second = zipFiles(entries().reverse(), epoch);
  expect(sha(second)).toBe(sha(first));
});

test.skipIf(!Bun.which("unzip"))("unzip shows the fixed date on every zip entry", () => {
  const archive = join(dir, "x.zip");
  writeFileSync(archive, zipFiles(entries(), epoch));
  const list = Bun.spawnSync(["unzip", "-l", archive]).stdout.toString();
  expect(list).toMatch(/70000 +2026-01-02 03:04 +cc/);
});

test("the archive date is SOURCE_DATE_EPOCH when set, else the commit time, and a malformed value is refused", () => {
  expect(sourceDate(dir, { SOURCE_DATE_EPOCH: "1767323046" }).toISOString()).toBe("2026-01-02T03:04:06.000Z");
  const repoRoot = join(import.meta.dir, "../..");
  const commitTime = Number(Bun.spawnSync(["git", "log", "-1", "--format=%ct"], { cwd: repoRoot }).stdout.toString().trim());
  expect(sourceDate(repoRoot, {}).getTime()).toBe(commitTime * 1000);
  expect(() => sourceDate(dir, { SOURCE_DATE_EPOCH: "yesterday" })).toThrow(/SOURCE_DATE_EPOCH must be whole seconds/);
});
