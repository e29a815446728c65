/**
 * `bun run build`        → dist/cc for this machine.
 * `bun run build --all`  → every release target as an archive in dist/release/, plus SHA256SUMS.
 * `bun run build --target bun-linux-arm64 [--outfile path]` → one target.
 * `--targets a,b` limits `--all` to some targets, `--out <dir>` moves its output, and
 * `--version-override <v>` builds cc as another version (tests serve two versions of one commit).
 * Archives are reproducible: one commit (or SOURCE_DATE_EPOCH) gives byte-identical SHA256SUMS.
 * Signing (src/update/signature.ts): CC_RELEASE_PUBLIC_KEY (base64 DER SPKI of an ed25519 key) is
 * built into cc, which then accepts only releases signed with it; CC_RELEASE_SIGNING_KEY (base64
 * DER PKCS#8 of the private key, from the release environment only) makes `--all` write
 * SHA256SUMS.sig, and must belong to the public key being built in.
 */
import { createHash, createPrivateKey, createPublicKey, sign } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import pkg from "../package.json" with { type: "json" };
import { sourceDate, tarGz } from "./tar.ts";
import { archiveBaseName, isWindowsTarget, releaseTargets } from "./targets.ts";
import { zipFiles } from "./zip.ts";

const root = resolve(import.meta.dir, "..");
const dist = join(root, "dist");

function gitCommit(): string {
  const r = Bun.spawnSync(["git", "rev-parse", "--short=12", "HEAD"], { cwd: root, stdout: "pipe", stderr: "ignore" });
  if (r.exitCode !== 0) return "unknown";
  const dirty = Bun.spawnSync(["git", "status", "--porcelain", "--untracked-files=no"], { cwd: root, stdout: "pipe" });
  return r.stdout.toString().trim() + (dirty.stdout.toString().trim() ? "-dirty" : "");
}

function hostTarget(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  return `bun-${os}-${process.arch}`;
}

/** Compile src/cli.ts (or another entry) into one executable. */
export function compile(opts: { entry: string; outfile: string; target?: string; defines?: Record<string, string> }): void {
  const args = [
    "build",
    opts.entry,
    "--compile",
    "--minify",
    "--bytecode",
    // One chunk per lazily imported module: a hook or `cc status` loads only the code it runs
    // (the whole program in one chunk costs every start about 10 ms and 16 MiB).
    "--splitting",
    "--format=esm",
    "--no-compile-autoload-dotenv",
    "--no-compile-autoload-bunfig",
    `--outfile=${opts.outfile}`,
  ];
  if (opts.target) args.push(`--target=${opts.target}`);
  for (const [name, value] of Object.entries(opts.defines ?? {})) args.push(`--define=${name}=${JSON.stringify(value)}`);
  const r = Bun.spawnSync([process.execPath, ...args], { cwd: root, stdout: "inherit", stderr: "inherit" });
  if (r.exitCode !== 0) throw new Error(`bun build failed for ${opts.target ?? "host"} (exit ${r.exitCode})`);
}

function compileCc(target: string | undefined, outfile: string, version: string = pkg.version): void {
  compile({
    entry: join(root, "src/cli.ts"),
    outfile,
    ...(target ? { target } : {}),
    defines: {
      CC_BUILD_COMMIT: gitCommit(),
      CC_BUILD_TARGET: (target ?? hostTarget()).replace(/^bun-/, ""),
      CC_BUILD_VERSION: version,
      ...(releaseKeys().publicKey ? { CC_RELEASE_PUBLIC_KEY: releaseKeys().publicKey! } : {}),
    },
  });
}

/** The release keys from the environment, checked to be one ed25519 pair. */
function releaseKeys(): { publicKey: string | null; sign: ((data: Uint8Array) => string) | null } {
  const pub = process.env.CC_RELEASE_PUBLIC_KEY?.trim() || null;
  const secret = process.env.CC_RELEASE_SIGNING_KEY?.trim() || null;
  if (pub && createPublicKey({ key: Buffer.from(pub, "base64"), format: "der", type: "spki" }).asymmetricKeyType !== "ed25519") {
    throw new Error("CC_RELEASE_PUBLIC_KEY is not an ed25519 public key (base64 DER SubjectPublicKeyInfo)");
  }
  if (!secret) return { publicKey: pub, sign: null };
  const key = createPrivateKey({ key: Buffer.from(secret, "base64"), format: "der", type: "pkcs8" });
  const derived = createPublicKey(key).export({ format: "der", type: "spki" }).toString("base64");
  if (key.asymmetricKeyType !== "ed25519" || derived !== pub)
    throw new Error("CC_RELEASE_SIGNING_KEY is not the ed25519 private key of CC_RELEASE_PUBLIC_KEY: a release must be verifiable by the cc it ships");
  return { publicKey: pub, sign: (data) => sign(null, data, key).toString("base64") };
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

export function buildRelease(opts: { out: string; version: string; targets: readonly string[] }): void {
  const { out, version } = opts;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const mtime = sourceDate(root);
  const sums: string[] = [];
  for (const target of opts.targets) {
    const base = archiveBaseName(version, target);
    const stage = join(`${out}.stage`, base);
    rmSync(stage, { recursive: true, force: true });
    mkdirSync(stage, { recursive: true });
    const exe = join(stage, isWindowsTarget(target) ? "cc.exe" : "cc");
    compileCc(target, exe, version);
    const archive = join(out, `${base}.${isWindowsTarget(target) ? "zip" : "tar.gz"}`);
    const entries = [{ name: basename(exe), data: readFileSync(exe), mode: 0o755 }];
    writeFileSync(archive, isWindowsTarget(target) ? zipFiles(entries, mtime) : tarGz(entries, mtime));
    sums.push(`${sha256(archive)}  ${basename(archive)}`);
    console.log(
      `${basename(archive).padEnd(40)} ${(statSync(archive).size / 1048576).toFixed(1)} MiB archive, ${(statSync(exe).size / 1048576).toFixed(1)} MiB binary`,
    );
  }
  writeFileSync(join(out, "SHA256SUMS"), `${sums.join("\n")}\n`);
  rmSync(`${out}.stage`, { recursive: true, force: true });
  console.log(`wrote ${join(out, "SHA256SUMS")}`);
  const keys = releaseKeys();
  if (keys.sign) {
    writeFileSync(join(out, "SHA256SUMS.sig"), `${keys.sign(readFileSync(join(out, "SHA256SUMS")))}\n`);
    console.log(`wrote ${join(out, "SHA256SUMS.sig")}`);
  } else if (keys.publicKey) console.warn("build: CC_RELEASE_SIGNING_KEY is not set: a cc with the release key built in will refuse these unsigned archives");
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Bun.argv.slice(2),
    options: {
      all: { type: "boolean" },
      target: { type: "string" },
      targets: { type: "string" },
      outfile: { type: "string" },
      out: { type: "string" },
      "version-override": { type: "string" },
    },
  });
  const version = values["version-override"] ?? pkg.version;
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`--version-override must be a version like 1.2.3, got ${JSON.stringify(version)}`);
  if (values.all) {
    const targets = values.targets ? values.targets.split(",").map((t) => (t === "host" ? hostTarget() : t)) : releaseTargets;
    const unknown = targets.filter((t) => !(releaseTargets as readonly string[]).includes(t));
    if (unknown.length) throw new Error(`unknown target ${unknown.join(", ")}: choose from host, ${releaseTargets.join(", ")}`);
    buildRelease({ out: resolve(values.out ?? join(dist, "release")), version, targets });
  } else {
    const outfile = resolve(values.outfile ?? join(dist, process.platform === "win32" ? "cc.exe" : "cc"));
    compileCc(values.target, outfile, version);
    console.log(`built ${outfile}`);
  }
}
