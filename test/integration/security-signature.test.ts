/**
 * Issue 22, the release's origin: SHA256SUMS proves a download arrived whole, not who made it (it
 * comes from the same server). A cc built with an ed25519 release key (CC_RELEASE_PUBLIC_KEY) accepts
 * only a SHA256SUMS signed with the private key (SHA256SUMS.sig), checked locally, no network service.
 * A cc compiled here with a test key; a release server on 127.0.0.1 that serves a signed release, then
 * one an attacker changed (archive and SHA256SUMS consistent, the old signature), then an unsigned one.
 */
import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { generateKeyPairSync, sign } from "node:crypto";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { archiveName } from "../../src/update/assets.ts";
import { bunBin, repoRoot } from "../support/bins.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { startReleaseServer } from "../support/release-server.ts";
import { Sandbox } from "../support/sandbox.ts";

const sb = new Sandbox({ repo: false });
const keys = generateKeyPairSync("ed25519");
const publicKey = keys.publicKey.export({ format: "der", type: "spki" }).toString("base64");
const signed = join(sb.root, "signed-cc");
const built = Bun.spawnSync([bunBin, join(repoRoot, "build/build.ts"), "--outfile", signed], {
  cwd: repoRoot,
  env: { ...process.env, CC_RELEASE_PUBLIC_KEY: publicKey },
  stdout: "pipe",
  stderr: "pipe",
});
if (built.exitCode !== 0) throw new Error(`building cc with a release key failed: ${built.stderr}`);
const target = (JSON.parse(Bun.spawnSync([signed, "version", "--json"]).stdout.toString()) as { target: string }).target;

const VERSION = "9.9.9";
const archive = archiveName(VERSION, target);
const releases = join(sb.root, "releases");
const release = join(releases, VERSION);

/** Publish 9.9.9 whose `cc` answers `version --json` (`marker` tells the builds apart); signed unless told. */
function publish(marker: string, signature: "good" | "stale" | "none"): void {
  const stale = signature === "stale" ? readFileSync(join(release, "SHA256SUMS.sig"), "utf8") : null;
  rmSync(release, { recursive: true, force: true });
  const build = join(sb.root, `build-${marker}`);
  mkdirSync(build, { recursive: true });
  mkdirSync(release, { recursive: true });
  writeFileSync(join(build, "cc"), `#!/bin/sh\n# ${marker}\necho '{"version":"${VERSION}","target":"${target}"}'\n`, { mode: 0o755 });
  expect(Bun.spawnSync(["tar", "-C", build, "-czf", join(release, archive), "cc"]).exitCode).toBe(0);
  const sum = new Bun.CryptoHasher("sha256").update(readFileSync(join(release, archive))).digest("hex");
  const sums = `${sum}  ${archive}\n`;
  writeFileSync(join(release, "SHA256SUMS"), sums);
  if (signature === "good") writeFileSync(join(release, "SHA256SUMS.sig"), `${sign(null, Buffer.from(sums), keys.privateKey).toString("base64")}\n`);
  if (stale) writeFileSync(join(release, "SHA256SUMS.sig"), stale);
}

const server = startReleaseServer(releases, VERSION);
afterAll(async () => {
  await reapAll();
  await server.close();
  sb.cleanup();
});

let copy: string;
let n = 0;
beforeEach(() => {
  copy = join(sb.root, `bin-${++n}`, "cc");
  mkdirSync(join(sb.root, `bin-${n}`));
  copyFileSync(signed, copy);
  chmodSync(copy, 0o755);
});
const cc = (args: string[]) => run([copy, ...args], { cwd: sb.root, env: sb.baseEnv({ CC_RELEASE_BASE: server.url }), timeoutMs: 60_000 });

describe("a cc with the release key built in", () => {
  test("installs a release whose SHA256SUMS carries the key's signature", async () => {
    publish("GENUINE", "good");
    const check = await cc(["update", "--check"]);
    expect(check.code, describeRun(check)).toBe(0);
    expect(check.stdout).toContain(`${VERSION} is available`);
    const r = await cc(["update"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain("✓ SHA256SUMS is signed with cc's release key");
    expect(readFileSync(copy, "utf8")).toContain("# GENUINE");
  });

  test("refuses a release changed on the server (archive and SHA256SUMS consistent, the old signature): nothing downloaded", async () => {
    publish("GENUINE", "good");
    publish("TAMPERED", "stale");
    const downloads = () => server.requests.filter((p) => p.endsWith(archive)).length;
    const before = downloads();
    for (const args of [["update", "--check"], ["update"]]) {
      const r = await cc(args);
      expect(r.code, describeRun(r)).toBe(1);
      expect(r.stderr).toContain(`the signature of release latest's SHA256SUMS does not verify against the release key built into this cc`);
    }
    expect(readFileSync(copy).equals(readFileSync(signed))).toBe(true);
    expect(downloads()).toBe(before);
  });

  test("refuses an unsigned release", async () => {
    publish("UNSIGNED", "none");
    const r = await cc(["update"]);
    expect(r.code, describeRun(r)).toBe(1);
    expect(r.stderr).toContain("release latest is not signed");
    expect(readFileSync(copy).equals(readFileSync(signed))).toBe(true);
  });
});
