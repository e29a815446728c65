/**
 * `bun run release [--dry-run] [--tag v1.2.3] [--from <dir>] [--out <dir>]`
 *
 * Everything the release workflow does, runnable locally: check that the tag matches package.json
 * and that CHANGELOG.md has the version's entry, build every target (or take the archives and
 * SHA256SUMS already in --from), then write beside them: one `<archive>.sha256` per archive (for
 * Scoop's autoupdate), install.sh, install.ps1, the Homebrew formula `cc.rb`, the Scoop manifest
 * `cc.json` and `release-notes.md`. Without --dry-run it then creates the GitHub Release with `gh`.
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import pkg from "../package.json" with { type: "json" };
import { DEFAULT_RELEASE_BASE, GITHUB_REPO, parseChecksums, versionSchema } from "../src/update/assets.ts";
import { buildRelease } from "./build.ts";
import { renderFormula, renderScoopManifest } from "./package-managers.ts";
import { releaseTargets } from "./targets.ts";

const root = resolve(import.meta.dir, "..");

/** The CHANGELOG section `## <version>` (or `## [<version>]`, with an optional date), without its heading. */
export function changelogEntry(changelog: string, heading: string): string | null {
  const lines = changelog.split(/\r?\n/);
  const escaped = heading.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const start = lines.findIndex((line) => new RegExp(`^## \\[?${escaped}\\]?(\\s|$)`).test(line));
  if (start < 0) return null;
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  const body = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .join("\n")
    .trim();
  return body || null;
}

function fail(message: string, fix: string): never {
  console.error(`release: ${message}\n  ${fix}`);
  process.exit(1);
}

export function releaseNotes(version: string, entry: string): string {
  return `${entry}

## Install

\`\`\`sh
curl -fsSL ${DEFAULT_RELEASE_BASE}/download/v${version}/install.sh | sh
\`\`\`

Windows (PowerShell): \`irm ${DEFAULT_RELEASE_BASE}/download/v${version}/install.ps1 | iex\`

Every archive is listed in \`SHA256SUMS\`; the install scripts and \`cc update\` refuse a download whose checksum does not match.
`;
}

/** The checks that must pass before anything is built: one-line errors that name the fix. */
function preflight(version: string, tag: string | undefined, dryRun: boolean): string {
  if (!versionSchema.safeParse(version).success) fail(`package.json's version ${JSON.stringify(version)} is not a version like 1.2.3`, "Fix package.json.");
  if (tag !== undefined && tag !== `v${version}`)
    fail(`the tag ${tag} does not match package.json's version ${version}`, `Tag v${version}, or set "version" in package.json to ${tag.replace(/^v/, "")}.`);
  if (!dryRun && tag === undefined) fail("a real release needs --tag v<version>", "Pass --tag, or --dry-run to only write the assets.");
  const installSh = readFileSync(join(root, "install.sh"), "utf8");
  if (!installSh.includes(`DEFAULT_BASE="${DEFAULT_RELEASE_BASE}"`))
    fail(`install.sh's DEFAULT_BASE is not ${DEFAULT_RELEASE_BASE}`, "Make install.sh, install.ps1 and src/update/assets.ts name the same release base.");
  if (!readFileSync(join(root, "install.ps1"), "utf8").includes(`"${DEFAULT_RELEASE_BASE}"`))
    fail(`install.ps1 does not default to ${DEFAULT_RELEASE_BASE}`, "Make install.ps1 name the same release base as src/update/assets.ts.");
  if (!dryRun && process.env.GITHUB_REPOSITORY && process.env.GITHUB_REPOSITORY !== GITHUB_REPO)
    fail(
      `this runs in ${process.env.GITHUB_REPOSITORY}, but cc updates itself from ${GITHUB_REPO}`,
      "Change GITHUB_REPO and DEFAULT_RELEASE_BASE in src/update/assets.ts (and the install scripts).",
    );
  const changelog = readFileSync(join(root, "CHANGELOG.md"), "utf8");
  const entry = changelogEntry(changelog, version);
  if (entry) return entry;
  if (!dryRun)
    fail(`CHANGELOG.md has no entry for ${version}`, `Rename its "## Unreleased" heading to "## ${version} - ${new Date().toISOString().slice(0, 10)}".`);
  const unreleased = changelogEntry(changelog, "Unreleased");
  console.warn(`release: CHANGELOG.md has no ${version} entry yet; the dry run uses "Unreleased"`);
  return unreleased ?? "(no changelog entry)";
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: { "dry-run": { type: "boolean" }, tag: { type: "string" }, from: { type: "string" }, out: { type: "string" } },
  });
  const dryRun = Boolean(values["dry-run"]);
  const version = pkg.version;
  const entry = preflight(version, values.tag, dryRun);
  const out = resolve(values.out ?? values.from ?? join(root, "dist", "release"));

  if (values.from) {
    const from = resolve(values.from);
    if (!existsSync(join(from, "SHA256SUMS"))) fail(`${from} has no SHA256SUMS`, "Run `bun run build --all` first, or leave out --from to build now.");
    mkdirSync(out, { recursive: true });
    if (from !== out) for (const name of readdirSync(from)) copyFileSync(join(from, name), join(out, name));
  } else {
    buildRelease({ out, version, targets: releaseTargets });
  }

  const sums = parseChecksums(readFileSync(join(out, "SHA256SUMS"), "utf8"));
  for (const [name, sha256] of sums) {
    const actual = createHash("sha256")
      .update(readFileSync(join(out, name)))
      .digest("hex");
    if (actual !== sha256) fail(`${name} does not match SHA256SUMS`, "Rebuild the release (bun run build --all).");
    writeFileSync(join(out, `${name}.sha256`), `${sha256}  ${name}\n`);
  }
  const facts = { version, base: DEFAULT_RELEASE_BASE, sums, description: pkg.description };
  writeFileSync(join(out, "cc.rb"), renderFormula(facts));
  writeFileSync(join(out, "cc.json"), renderScoopManifest(facts));
  writeFileSync(join(out, "release-notes.md"), releaseNotes(version, entry));
  for (const script of ["install.sh", "install.ps1"]) copyFileSync(join(root, script), join(out, script));
  const assets = readdirSync(out).sort();
  console.log(`release ${version}: ${assets.length} assets in ${out}\n${assets.map((a) => `  ${a}`).join("\n")}`);

  if (!dryRun) {
    const tag = values.tag!;
    const files = assets.filter((a) => a !== "release-notes.md").map((a) => join(out, a));
    const gh = Bun.spawnSync(
      ["gh", "release", "create", tag, "--title", `cc ${version}`, "--notes-file", join(out, "release-notes.md"), "--verify-tag", ...files],
      { stdout: "inherit", stderr: "inherit" },
    );
    if (gh.exitCode !== 0)
      fail(`gh release create ${tag} failed (exit ${gh.exitCode})`, `Check GH_TOKEN and that the tag is pushed; the assets are in ${out}.`);
  }
}
