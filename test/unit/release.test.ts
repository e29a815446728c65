/**
 * `bun run release --dry-run` on a set of archives: every asset a release publishes is written, the
 * Homebrew formula parses and the formula and Scoop manifest name exactly the published hashes.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { changelogEntry } from "../../build/release.ts";
import { releaseTargets } from "../../build/targets.ts";
import pkg from "../../package.json" with { type: "json" };
import { archiveName } from "../../src/update/assets.ts";
import { repoRoot } from "../support/bins.ts";
import { describeRun, run } from "../support/processes.ts";

const dir = mkdtempSync(join(tmpdir(), "cc-release-"));
const from = join(dir, "built");
const out = join(dir, "release");
const sums = new Map<string, string>();
let dryRun: Awaited<ReturnType<typeof run>>;

beforeAll(async () => {
  // Stand-ins for `bun run build --all` output: one small archive per target and their SHA256SUMS.
  mkdirSync(from);
  for (const target of releaseTargets) {
    const name = archiveName(pkg.version, target.replace(/^bun-/, ""));
    const bytes = Buffer.from(`archive for ${target}\n`);
    writeFileSync(join(from, name), bytes);
    sums.set(name, createHash("sha256").update(bytes).digest("hex"));
  }
  writeFileSync(join(from, "SHA256SUMS"), [...sums].map(([n, h]) => `${h}  ${n}\n`).join(""));
  dryRun = await run([process.execPath, join(repoRoot, "build/release.ts"), "--dry-run", "--from", from, "--out", out], {
    cwd: repoRoot,
    env: { ...process.env, GITHUB_REPOSITORY: "" },
    timeoutMs: 60_000,
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the dry run writes every asset of a release", () => {
  expect(dryRun.code, describeRun(dryRun)).toBe(0);
  const expected = [...sums.keys()]
    .flatMap((n) => [n, `${n}.sha256`])
    .concat(["SHA256SUMS", "install.sh", "install.ps1", "cc.rb", "cc.json", "release-notes.md"]);
  expect(readdirSync(out).sort()).toEqual(expected.sort());
  for (const [name, hash] of sums) expect(readFileSync(join(out, `${name}.sha256`), "utf8")).toBe(`${hash}  ${name}\n`);
  expect(readFileSync(join(out, "release-notes.md"), "utf8")).toContain(`/download/v${pkg.version}/install.sh | sh`);
});

test("the Homebrew formula names each platform's archive with its published sha256", () => {
  const formula = readFileSync(join(out, "cc.rb"), "utf8");
  const pairs = [...formula.matchAll(/url "([^"]+)"\n\s*sha256 "([0-9a-f]{64})"/g)].map((m) => [basename(m[1]!), m[2]!]);
  expect(pairs.map(([n]) => n).sort()).toEqual(["darwin-arm64", "darwin-x64", "linux-arm64", "linux-x64"].map((t) => archiveName(pkg.version, t)).sort());
  for (const [name, hash] of pairs) expect(hash).toBe(sums.get(name!)!);
  expect(formula).toContain("brew unlink cc"); // the caveat on shadowing /usr/bin/cc says how to opt out
});

test.skipIf(!Bun.which("ruby"))("the Homebrew formula is valid Ruby (ruby -c)", async () => {
  const r = await run(["ruby", "-c", join(out, "cc.rb")], { timeoutMs: 20_000 });
  expect(r.code, describeRun(r)).toBe(0);
  expect(r.stdout).toContain("Syntax OK");
});
if (!Bun.which("ruby")) console.warn("ruby is not installed: the formula syntax check is skipped (apt-get install ruby)");

test("the Scoop manifest is JSON with the Windows archive's hash, checkver and autoupdate", () => {
  const manifest = JSON.parse(readFileSync(join(out, "cc.json"), "utf8"));
  const windows = archiveName(pkg.version, "windows-x64");
  expect(basename(manifest.architecture["64bit"].url)).toBe(windows);
  expect(manifest.architecture["64bit"].hash).toBe(sums.get(windows));
  expect(manifest.bin).toBe("cc.exe");
  expect(manifest.checkver.github).toStartWith("https://github.com/");
  expect(manifest.autoupdate.architecture["64bit"].url).toEndWith("/download/v$version/cc-$version-windows-x64.zip");
  expect(manifest.autoupdate.hash.url).toBe("$url.sha256");
});

test("a tag that does not match package.json's version is refused before anything is built", async () => {
  const r = await run([process.execPath, join(repoRoot, "build/release.ts"), "--tag", "v9.9.9", "--from", from, "--out", join(dir, "never")], {
    cwd: repoRoot,
    env: { ...process.env, GITHUB_REPOSITORY: "" },
    timeoutMs: 30_000,
  });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`release: the tag v9.9.9 does not match package.json's version ${pkg.version}`);
  expect(existsSync(join(dir, "never"))).toBe(false);
});

test("release notes come from the version's CHANGELOG section, with or without brackets and date", () => {
  const changelog = "# Changelog\n\n## Unreleased\n\n- next\n\n## [1.2.0] - 2026-01-01\n\n### Added\n- a thing\n\n## 1.1.0\n\n- old\n";
  expect(changelogEntry(changelog, "1.2.0")).toBe("### Added\n- a thing");
  expect(changelogEntry(changelog, "1.1.0")).toBe("- old");
  expect(changelogEntry(changelog, "Unreleased")).toBe("- next");
  expect(changelogEntry(changelog, "1.3.0")).toBeNull();
});
