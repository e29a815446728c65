/**
 * `cc update`: find the newest (or the asked-for) release, download this build's archive, check it
 * against the release's SHA256SUMS, and swap it in for the installed copies; then let the new binary
 * refresh the plugin files Codex uses, keeping the rules file and hook trust as the user had them.
 * Every step before the final renames only writes temporary files, so a failed or killed update
 * leaves the previous cc working.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ccTrustKeys, readHookState } from "../codex/hook-trust.ts";
import { installLocations } from "../codex/locations.ts";
import { rulesPath } from "../codex/rules.ts";
import { buildInfo } from "../lib/build-info.ts";
import { CcError } from "../lib/errors.ts";
import { ensurePrivateDir } from "../lib/private-dir.ts";
import { ccExecutable, isCompiled } from "../lib/self.ts";
import { archiveName, assetUrl, compareVersions, parseChecksums, releaseBase, versionInChecksums } from "./assets.ts";
import { extractExecutable } from "./extract.ts";
import { downloadTo, fetchText } from "./http.ts";
import { recordCheck } from "./notice.ts";
import { packageManagerOf } from "./owner.ts";
import { assertRuns, removeLeftovers, stage, swapIn, takeLock } from "./replace.ts";
import { releasePublicKey, SIGNATURE_FILE, verifyChecksums } from "./signature.ts";

type Env = Record<string, string | undefined>;

export interface UpdateOptions {
  env: Env;
  check: boolean;
  version?: string;
  log: (line: string) => void;
}

interface Release {
  version: string;
  archive: string;
  sha256: string;
}

/** With a release key built in: SHA256SUMS must carry that key's signature (update/signature.ts). */
async function assertSigned(base: string, release: string, text: string, log: (line: string) => void): Promise<void> {
  const key = releasePublicKey();
  if (!key) return; // a build without the key (from source, a fork): SHA256SUMS proves integrity only
  const url = assetUrl(base, release, SIGNATURE_FILE);
  let signature: string;
  try {
    signature = await fetchText(url);
  } catch (error) {
    throw new CcError(
      `release ${release} is not signed (${(error as Error).message}); this cc installs only releases signed with its release key, and nothing was downloaded`,
      {
        hint: "The release server may not be cc's own: check CC_RELEASE_BASE, or report it.",
      },
    );
  }
  if (!verifyChecksums(Buffer.from(text, "utf8"), signature, key)) {
    throw new CcError(`the signature of release ${release}'s SHA256SUMS does not verify against the release key built into this cc; nothing was downloaded`, {
      hint: "The release was changed after it was signed, or is not cc's: report it, and do not install it by hand.",
    });
  }
  log(`✓ SHA256SUMS is signed with cc's release key`);
}

async function findRelease(base: string, target: string, wanted: string | undefined, log: (line: string) => void): Promise<Release> {
  const url = assetUrl(base, wanted ?? "latest", "SHA256SUMS");
  let sums: Map<string, string>;
  try {
    const text = await fetchText(url);
    await assertSigned(base, wanted ?? "latest", text, log);
    sums = parseChecksums(text);
  } catch (error) {
    if (error instanceof CcError) throw error;
    throw new CcError(`${url} is not a checksum list: ${(error as Error).message}`, {
      hint: "Check CC_RELEASE_BASE; the release server answers with something else.",
    });
  }
  const version = versionInChecksums(sums, target);
  if (!version || (wanted && version !== wanted)) {
    throw new CcError(`release ${wanted ?? "latest"} has no cc build for ${target}`, { hint: `It has: ${[...sums.keys()].join(", ")}.` });
  }
  const archive = archiveName(version, target);
  return { version, archive, sha256: sums.get(archive)! };
}

/**
 * `cc install` flags that repeat the user's earlier choices: keep the rules file and hook trust if
 * they are there (so an update never silently switches cc's hooks off), never add them if not.
 */
export function installFlags(codexHome: string): string[] {
  let trusted = false;
  try {
    trusted = ccTrustKeys(readHookState(codexHome)).length > 0;
  } catch {
    trusted = false;
  }
  return [existsSync(rulesPath(codexHome)) ? "--rules" : "--no-rules", trusted ? "--trust-hooks" : "--no-trust-hooks"];
}

export async function update(opts: UpdateOptions): Promise<void> {
  const { env, log } = opts;
  const info = buildInfo();
  const running = ccExecutable();
  if (!isCompiled())
    throw new CcError("cc update replaces a compiled cc, and this one runs from source", { hint: "Use git pull && bun run build, or install a release." });
  const base = releaseBase(env);
  const release = await findRelease(base, info.target, opts.version, log);
  if (!opts.version) recordCheck(release.version, env);
  const manager = packageManagerOf(running);
  const order = compareVersions(release.version, info.version);

  if (opts.check) {
    if (order > 0) log(`cc ${info.version} is installed; ${release.version} is available. Run \`${manager ? manager.upgradeCommand : "cc update"}\`.`);
    else log(`cc ${info.version} is up to date (newest release: ${release.version}).`);
    return;
  }
  if (manager) {
    throw new CcError(`this cc (${running}) is managed by ${manager.name}`, {
      hint: `Update it with \`${manager.upgradeCommand}\`, then run \`cc install\` to refresh the copy Codex uses.`,
    });
  }
  if (order === 0) {
    log(`cc ${info.version} is up to date.`);
    return;
  }
  if (order < 0 && !opts.version) {
    log(`cc ${info.version} is newer than the newest release (${release.version}); nothing to do.`);
    return;
  }

  const where = installLocations(env);
  ensurePrivateDir(where.dataDir);
  const releaseLock = takeLock(join(where.dataDir, "update.lock"));
  const downloads = join(where.dataDir, "update-downloads");
  try {
    ensurePrivateDir(downloads);
    removeLeftovers(downloads);
    const stableExists = existsSync(where.binary);
    // The stable copy `cc install` made, and the copy the user ran if that is another file.
    const targets = [...new Set([...(stableExists ? [where.binary] : []), running])];
    for (const target of targets) removeLeftovers(join(target, ".."));

    log(`Downloading cc ${release.version} (${release.archive})`);
    const file = join(downloads, `${release.archive}.${process.pid}.part`);
    const sha256 = await downloadTo(assetUrl(base, release.version, release.archive), file);
    if (sha256 !== release.sha256) {
      throw new CcError(`checksum mismatch for ${release.archive}: expected ${release.sha256}, got ${sha256}; nothing was replaced`, {
        hint: "The download is corrupt or was tampered with. Try again; if it persists, report it.",
      });
    }
    log(`✓ verified SHA-256 ${sha256}`);
    // Unpacked beside the download (a name removeLeftovers knows), never in memory.
    const exe = join(downloads, `unpacked.${process.pid}.part`);
    await extractExecutable(file, release.archive, process.platform === "win32" ? "cc.exe" : "cc", exe);

    const staged = targets.map((target) => ({ target, staged: stage(target, exe) }));
    assertRuns(staged[0]!.staged, release.version);
    for (const { target, staged: path } of staged) {
      swapIn(path, target);
      log(`✓ replaced ${target} (${info.version} → ${release.version})`);
    }
  } finally {
    // Best effort: a temp file that cannot go now (seen under Wine) goes with the next update.
    try {
      // Files only: Bun's recursive rm fails under Wine (EFAULT).
      removeLeftovers(downloads);
      for (const target of [where.binary, running]) removeLeftovers(join(target, ".."));
    } catch {
      /* left for the next update */
    }
    releaseLock();
  }

  if (!existsSync(where.binary) || !existsSync(where.marketplaceRoot)) {
    log("- cc is not installed into Codex yet: run `cc install` to add it.");
    return;
  }
  // The new binary carries the new plugin files: let it re-run the (idempotent) install.
  const flags = installFlags(where.codexHome);
  log(`Refreshing the Codex plugin: ${where.binary} install ${flags.join(" ")}`);
  const r = Bun.spawnSync([where.binary, "install", ...flags], {
    env: { ...env, CODEX_HOME: where.codexHome },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    timeout: 180_000,
  });
  for (const line of r.stdout.toString().trim().split("\n").filter(Boolean)) log(`  ${line}`);
  if (r.exitCode !== 0) {
    throw new CcError(
      `cc ${release.version} is installed, but refreshing the Codex plugin failed: ${r.stderr.toString().trim().split("\n")[0] ?? `exit ${r.exitCode}`}`,
      {
        hint: "Fix that, then run `cc install` to finish.",
      },
    );
  }
  log(`✓ cc ${release.version} is installed.`);
}
