/**
 * install.sh as a user runs it: under dash and under busybox ash (busybox's own wget, tar and
 * sha256sum), against a release server on 127.0.0.1 serving real archives of this commit in two
 * versions. A tampered download, a machine with no SHA-256 tool and an unknown platform are refused
 * with nothing installed.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { codexBin, repoRoot } from "../support/bins.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { type ReleaseServer, startReleaseServer } from "../support/release-server.ts";
import { buildTwoReleases, hostTarget, NEW_VERSION, OLD_VERSION } from "../support/releases.ts";
import { Sandbox } from "../support/sandbox.ts";

setDefaultTimeout(120_000);
const dash = Bun.which("dash");
const busybox = Bun.which("busybox");
const installSh = join(repoRoot, "install.sh");

let releases: string;
let server: ReleaseServer;
let sb: Sandbox;
beforeAll(() => {
  releases = buildTwoReleases();
  server = startReleaseServer(releases, NEW_VERSION);
}, 240_000);
afterAll(async () => {
  await reapAll();
  await server?.close();
  rmSync(releases, { recursive: true, force: true });
});
beforeEach(() => {
  sb = new Sandbox({ repo: false });
});
afterEach(async () => {
  await reapAll();
  sb.cleanup();
});

const installDir = () => join(sb.root, "install root", "bin");

/** A PATH directory holding only busybox applets (and whatever `extra` links), nothing of the host. */
function busyboxPath(omit: string[] = []): string {
  const dir = join(sb.root, "busybox-bin");
  mkdirSync(dir, { recursive: true });
  const applets = Bun.spawnSync([busybox!, "--list"]).stdout.toString().split("\n").filter(Boolean);
  for (const applet of applets) if (!omit.includes(applet)) symlinkSync(busybox!, join(dir, applet));
  return dir;
}

function installEnv(extra: Record<string, string> = {}): Record<string, string> {
  return sb.baseEnv({ CC_RELEASE_BASE: server.url, CC_INSTALL_DIR: installDir(), ...extra });
}

const sh = (shell: string[], args: string[], env: Record<string, string>) => run([...shell, installSh, ...args], { cwd: sb.root, env, timeoutMs: 90_000 });

async function installedVersion(): Promise<string> {
  const r = await run([join(installDir(), "cc"), "version", "--json"], { env: sb.baseEnv(), timeoutMs: 20_000 });
  expect(r.code, describeRun(r)).toBe(0);
  return (JSON.parse(r.stdout) as { version: string }).version;
}

describe.skipIf(!dash)("install.sh under dash", () => {
  test("installs the latest release for this machine, verified, into a directory with a space, and says how to put it on PATH", async () => {
    const r = await sh([dash!], ["--no-cc-install"], installEnv());
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain(`Downloading cc ${NEW_VERSION} for ${hostTarget()}`);
    expect(r.stdout).toMatch(/Verified SHA-256 [0-9a-f]{64}/);
    expect(r.stdout).toContain(`export PATH="${installDir()}:$PATH"`);
    expect(await installedVersion()).toBe(NEW_VERSION);
    expect(readdirSync(installDir())).toEqual(["cc"]); // no temp files left beside it
  });

  test("runs `cc install` afterwards: the plugin is installed into Codex from the downloaded binary", async () => {
    const { CC_DATA_DIR: _default, ...env } = installEnv({ CC_CODEX_BIN: codexBin });
    const r = await sh([dash!], ["--version", OLD_VERSION, "--", "--no-rules", "--no-trust-hooks"], env);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain(`Running: ${installDir()}/cc install --no-rules --no-trust-hooks`);
    expect(r.stdout).toContain("✓ plugin cc@cc installed and enabled");
    const stable = join(sb.codexHome, "plugins", "data", "cc-cc", "bin", "cc");
    const v = await run([stable, "version", "--json"], { env: sb.baseEnv(), timeoutMs: 20_000 });
    expect(JSON.parse(v.stdout).version).toBe(OLD_VERSION);
  });

  test("a tampered archive is refused and nothing is installed", async () => {
    const served = join(sb.root, "served");
    cpSync(releases, served, { recursive: true });
    const archive = join(served, NEW_VERSION, `cc-${NEW_VERSION}-${hostTarget()}.tar.gz`);
    const bytes = readFileSync(archive);
    bytes.writeUInt8(bytes[bytes.length >> 1]! ^ 0xff, bytes.length >> 1);
    writeFileSync(archive, bytes);
    const tampered = startReleaseServer(served, NEW_VERSION);
    try {
      const r = await sh([dash!], ["--no-cc-install"], installEnv({ CC_RELEASE_BASE: tampered.url }));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`checksum mismatch for cc-${NEW_VERSION}-${hostTarget()}.tar.gz`);
      expect(r.stderr).toContain("nothing was installed");
      expect(existsSync(join(installDir(), "cc"))).toBe(false);
    } finally {
      await tampered.close();
    }
  });

  test("a release without a build for this machine names the builds it has", async () => {
    const r = await sh([dash!], ["--no-cc-install", "--target", "linux-riscv64"], installEnv());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("release latest has no cc build for linux-riscv64");
    expect(r.stderr).toContain(`cc-${NEW_VERSION}-${hostTarget()}.tar.gz`);
  });

  test("an unknown operating system or processor gets a clear message, not a wrong download", async () => {
    const fake = join(sb.root, "fake-uname");
    mkdirSync(fake);
    writeFileSync(join(fake, "uname"), `#!/bin/sh\ncase "$1" in -s) echo FreeBSD ;; -m) echo amd64 ;; esac\n`);
    chmodSync(join(fake, "uname"), 0o755);
    const bsd = await sh([dash!], ["--no-cc-install"], installEnv({ PATH: `${fake}:${sb.baseEnv().PATH}` }));
    expect(bsd.code).toBe(1);
    expect(bsd.stderr).toContain("no cc build for this operating system (FreeBSD amd64)");
    writeFileSync(join(fake, "uname"), `#!/bin/sh\ncase "$1" in -s) echo Linux ;; -m) echo riscv64 ;; esac\n`);
    const riscv = await sh([dash!], ["--no-cc-install"], installEnv({ PATH: `${fake}:${sb.baseEnv().PATH}` }));
    expect(riscv.code).toBe(1);
    expect(riscv.stderr).toContain("no cc build for this processor (Linux riscv64)");
    expect(existsSync(join(installDir(), "cc"))).toBe(false);
  });
});

describe.skipIf(!dash)("install.sh picks the right build (seen in the name it asks the release for)", () => {
  /** Fake uname/sysctl/ldd on PATH; the release only has this host's build, so the error names the detected one. */
  async function detected(tools: Record<string, string>): Promise<string> {
    const fake = join(sb.root, "fake-tools");
    mkdirSync(fake, { recursive: true });
    for (const [name, body] of Object.entries(tools)) {
      writeFileSync(join(fake, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(fake, name), 0o755);
    }
    const r = await sh([dash!], ["--no-cc-install"], installEnv({ PATH: `${fake}:${sb.baseEnv().PATH}` }));
    const m = /has no cc build for (\S+)/.exec(r.stderr) ?? /Downloading cc \S+ for (\S+)/.exec(r.stdout);
    expect(m, describeRun(r)).not.toBeNull();
    return m![1]!;
  }
  const darwin = (machine: string) => `case "$1" in -s) echo Darwin ;; -m) echo ${machine} ;; esac`;

  test("an x64 shell under Rosetta on Apple silicon gets the arm64 build", async () => {
    expect(await detected({ uname: darwin("x86_64"), sysctl: `case "$2" in sysctl.proc_translated) echo 1 ;; hw.optional.avx2_0) echo 1 ;; esac` })).toBe(
      "darwin-arm64",
    );
  });

  test("an Intel Mac without AVX2 asks for the baseline build; with AVX2 the normal one", async () => {
    expect(await detected({ uname: darwin("x86_64"), sysctl: `case "$2" in sysctl.proc_translated) echo 0 ;; hw.optional.avx2_0) echo 0 ;; esac` })).toBe(
      "darwin-x64-baseline",
    );
    expect(await detected({ uname: darwin("x86_64"), sysctl: `case "$2" in sysctl.proc_translated) echo 0 ;; hw.optional.avx2_0) echo 1 ;; esac` })).toBe(
      "darwin-x64",
    );
  });

  test("Linux with musl (ldd says so) gets the musl build; arm64 Linux the arm64 one", async () => {
    const linux = (machine: string) => `case "$1" in -s) echo Linux ;; -m) echo ${machine} ;; esac`;
    const musl = await detected({ uname: linux("aarch64"), ldd: `echo "musl libc (aarch64)" >&2; exit 1` });
    expect(musl).toBe("linux-arm64-musl");
    expect(await detected({ uname: linux("aarch64"), ldd: `echo "ldd (GNU libc) 2.36"` })).toBe("linux-arm64");
  });
});

describe.skipIf(!busybox)("install.sh under busybox ash, with only busybox's tools", () => {
  test("installs a pinned version with busybox wget, tar and sha256sum", async () => {
    const r = await sh([busybox!, "ash"], ["--version", OLD_VERSION, "--no-cc-install"], installEnv({ PATH: busyboxPath() }));
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain(`Downloading cc ${OLD_VERSION} for ${hostTarget()}`);
    expect(await installedVersion()).toBe(OLD_VERSION);
  });

  test("with no SHA-256 tool at all it refuses to install rather than skip the check", async () => {
    const r = await sh([busybox!, "ash"], ["--no-cc-install"], installEnv({ PATH: busyboxPath(["sha256sum", "shasum", "openssl"]) }));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("no SHA-256 tool (sha256sum, shasum or openssl) found");
    expect(existsSync(join(installDir(), "cc"))).toBe(false);
  });

  test("a tampered SHA256SUMS (another file's hash) is refused", async () => {
    const served = join(sb.root, "served");
    cpSync(releases, served, { recursive: true });
    const sums = join(served, NEW_VERSION, "SHA256SUMS");
    writeFileSync(sums, readFileSync(sums, "utf8").replace(/^[0-9a-f]{64}/, "0".repeat(64)));
    const tampered = startReleaseServer(served, NEW_VERSION);
    try {
      const r = await sh([busybox!, "ash"], ["--no-cc-install"], installEnv({ CC_RELEASE_BASE: tampered.url, PATH: busyboxPath() }));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`checksum mismatch`);
      expect(existsSync(join(installDir(), "cc"))).toBe(false);
    } finally {
      await tampered.close();
    }
  });
});
