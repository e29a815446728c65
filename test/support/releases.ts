/**
 * Release archives of this commit for the host only, in two versions, laid out for the release
 * server: `<root>/<old>/…` built from the tree as it is, `<root>/<new>/…` built from a copy whose
 * status skill has one more line, so an update visibly changes the plugin files.
 */
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./bins.ts";

export const OLD_VERSION = "0.1.0";
export const NEW_VERSION = "0.1.1";
export const NEW_SKILL_LINE = "Updated by the test release 0.1.1.";

export const hostTarget = () => `${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;

/** Build release archives (and SHA256SUMS) of `tree` for the host, as `version`, into `out`. */
export function build(tree: string, version: string, out: string): void {
  const r = Bun.spawnSync([process.execPath, join(tree, "build/build.ts"), "--all", "--targets", "host", "--version-override", version, "--out", out], {
    cwd: tree,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, SOURCE_DATE_EPOCH: "1767225600" },
    timeout: 180_000,
  });
  if (r.exitCode !== 0) throw new Error(`building release ${version} failed:\n${r.stdout}\n${r.stderr}`);
}

/** Build both versions into a fresh directory (about 10 s each) and return it. */
export function buildTwoReleases(): string {
  const root = mkdtempSync(join(tmpdir(), "cc-releases-"));
  build(repoRoot, OLD_VERSION, join(root, OLD_VERSION));
  const copy = join(root, "src-copy");
  mkdirSync(copy);
  for (const entry of ["src", "plugin", "hooks", "build", "package.json", "tsconfig.json", "bunfig.toml"].filter((e) => existsSync(join(repoRoot, e)))) {
    cpSync(join(repoRoot, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(join(repoRoot, "node_modules"), join(copy, "node_modules"));
  appendFileSync(join(copy, "plugin/skills/status/SKILL.md"), `\n${NEW_SKILL_LINE}\n`);
  build(copy, NEW_VERSION, join(root, NEW_VERSION));
  rmSync(copy, { recursive: true, force: true });
  for (const version of [OLD_VERSION, NEW_VERSION]) cpSync(join(repoRoot, "install.sh"), join(root, version, "install.sh"));
  writeFileSync(join(root, "README"), "release archives built by test/support/releases.ts\n");
  return root;
}
