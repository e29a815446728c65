/**
 * `cc update` as a user meets it: cc 0.1.0 installed into the real Codex from a release archive,
 * a release server on 127.0.0.1 offering 0.1.1 (whose status skill differs), and the job store
 * holding a job. Also: killed half-way, offline, a tampered archive, and a Homebrew-owned copy.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { closeDatabase } from "../../src/jobs/db.ts";
import { JobStore } from "../../src/jobs/store.ts";
import { codexBin } from "../support/bins.ts";
import { describeRun, reapAll, run, start, waitFor } from "../support/processes.ts";
import { type ReleaseServer, startReleaseServer } from "../support/release-server.ts";
import { buildTwoReleases, hostTarget, NEW_SKILL_LINE, NEW_VERSION, OLD_VERSION } from "../support/releases.ts";
import { Sandbox } from "../support/sandbox.ts";

setDefaultTimeout(150_000);

let releases: string;
let server: ReleaseServer;
let sb: Sandbox;
let downloaded: string;
beforeAll(() => {
  releases = buildTwoReleases();
}, 240_000);
afterAll(async () => {
  await reapAll();
  rmSync(releases, { recursive: true, force: true });
});
beforeEach(() => {
  sb = new Sandbox({ repo: false });
  server = startReleaseServer(releases, NEW_VERSION);
  // The user's copy, as extracted from the 0.1.0 archive.
  downloaded = join(sb.root, "download", "cc");
  mkdirSync(join(sb.root, "download"));
  writeFileSync(downloaded, untar(join(releases, OLD_VERSION, `cc-${OLD_VERSION}-${hostTarget()}.tar.gz`)));
  chmodSync(downloaded, 0o755);
});
afterEach(async () => {
  closeDatabase();
  await reapAll();
  await server.close();
  sb.cleanup();
});

/** The single file in one of our archives (a test-side reader, independent of cc's own). */
function untar(archive: string): Buffer {
  const tar = gunzipSync(readFileSync(archive));
  const size = parseInt(tar.subarray(124, 136).toString().replace(/\0.*$/s, ""), 8);
  return tar.subarray(512, 512 + size);
}

const dataDir = () => join(sb.codexHome, "plugins", "data", "cc-cc");
const stable = () => join(dataDir(), "bin", "cc");
const skillFile = () => join(sb.codexHome, "plugins", "cache", "cc", "cc", "local", "skills", "status", "SKILL.md");

function env(extra: Record<string, string> = {}): Record<string, string> {
  const { CC_DATA_DIR: _default, ...rest } = sb.baseEnv({ CC_RELEASE_BASE: server.url, CC_CODEX_BIN: codexBin, ...extra });
  return rest;
}
const cc = (bin: string, args: string[], extra: Record<string, string> = {}) => run([bin, ...args], { cwd: sb.root, env: env(extra), timeoutMs: 120_000 });
async function versionOf(bin: string): Promise<string> {
  const r = await cc(bin, ["version", "--json"]);
  expect(r.code, describeRun(r)).toBe(0);
  return (JSON.parse(r.stdout) as { version: string }).version;
}

async function installOld(): Promise<void> {
  const r = await cc(downloaded, ["install", "--no-rules", "--no-trust-hooks"]);
  expect(r.code, describeRun(r)).toBe(0);
  expect(readFileSync(skillFile(), "utf8")).not.toContain(NEW_SKILL_LINE);
}

describe("cc update", () => {
  test("--check reports the newer release, `cc version` then mentions it without the network, and update replaces both copies, refreshes the plugin and keeps the jobs", async () => {
    await installOld();
    const store = new JobStore(join(dataDir(), "cc.db"));
    const job = store.insert({
      kind: "review",
      summary: "before the update",
      workspaceRoot: sb.root,
      cwd: sb.root,
      codexSession: null,
      request: { prompt: "review this", cwd: sb.root, profile: "read-only" },
    });
    closeDatabase();

    expect((await cc(stable(), ["version"])).stdout).not.toContain("is available");
    const check = await cc(stable(), ["update", "--check"]);
    expect(check.code, describeRun(check)).toBe(0);
    expect(check.stdout).toContain(`cc ${OLD_VERSION} is installed; ${NEW_VERSION} is available. Run \`cc update\`.`);
    const requestsBefore = server.requests.length;
    const notice = await cc(stable(), ["version"]);
    expect(notice.stdout).toContain(`cc ${NEW_VERSION} is available: run \`cc update\``);
    expect(server.requests.length).toBe(requestsBefore); // cc version never asks the server
    writeFileSync(join(dataDir(), "config.json"), JSON.stringify({ updateNotice: false }));
    expect((await cc(stable(), ["version"])).stdout).not.toContain("is available");

    const began = performance.now();
    const r = await cc(downloaded, ["update"]);
    expect(r.code, describeRun(r)).toBe(0);
    console.log(`cc update ${OLD_VERSION} → ${NEW_VERSION}: ${Math.round(performance.now() - began)} ms`);
    expect(r.stdout).toMatch(/✓ verified SHA-256 [0-9a-f]{64}/);
    expect(r.stdout).toContain(`✓ replaced ${stable()} (${OLD_VERSION} → ${NEW_VERSION})`);
    expect(r.stdout).toContain(`✓ replaced ${downloaded} (${OLD_VERSION} → ${NEW_VERSION})`);
    expect(await versionOf(stable())).toBe(NEW_VERSION);
    expect(await versionOf(downloaded)).toBe(NEW_VERSION);
    expect(readFileSync(skillFile(), "utf8")).toContain(NEW_SKILL_LINE);
    expect(readdirSync(join(dataDir(), "bin"))).toEqual(["cc"]);

    const status = await cc(stable(), ["status", job.id, "--json"]);
    expect(status.code, describeRun(status)).toBe(0);
    expect(status.stdout).toContain("before the update");

    const again = await cc(stable(), ["update"]);
    expect(again.code, describeRun(again)).toBe(0);
    expect(again.stdout).toContain(`cc ${NEW_VERSION} is up to date.`);
  });

  test("killed half-way through the download, the old cc still runs, and the next update succeeds", async () => {
    await installOld();
    server.slow = true;
    const archive = `cc-${NEW_VERSION}-${hostTarget()}.tar.gz`;
    const updating = start([stable(), "update"], { cwd: sb.root, env: env(), timeoutMs: 120_000 });
    expect(await waitFor(() => server.requests.some((p) => p.endsWith(archive)), 20_000)).toBe(true);
    await Bun.sleep(500);
    updating.killGroup("SIGKILL");
    await updating.result;
    expect(await versionOf(stable())).toBe(OLD_VERSION);
    expect(readFileSync(skillFile(), "utf8")).not.toContain(NEW_SKILL_LINE);

    server.slow = false;
    const r = await cc(stable(), ["update"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(await versionOf(stable())).toBe(NEW_VERSION);
    expect(readdirSync(join(dataDir(), "bin"))).toEqual(["cc"]);
  });

  test("offline: a clear error naming the fix, exit 1, and nothing changes", async () => {
    await installOld();
    await server.close();
    for (const args of [["update"], ["update", "--check"]]) {
      const r = await cc(stable(), args);
      expect(r.code, describeRun(r)).toBe(1);
      expect(r.stderr).toContain(`cc: cannot reach the release server (${server.url}/latest/download/SHA256SUMS)`);
      expect(r.stderr).toContain("set CC_RELEASE_BASE to a mirror");
    }
    expect(await versionOf(stable())).toBe(OLD_VERSION);
  });

  test("a tampered archive is refused and the installed cc is untouched", async () => {
    const served = join(sb.root, "served");
    cpSync(releases, served, { recursive: true });
    const archive = join(served, NEW_VERSION, `cc-${NEW_VERSION}-${hostTarget()}.tar.gz`);
    const bytes = readFileSync(archive);
    bytes.writeUInt8(bytes[1000]! ^ 0xff, 1000);
    writeFileSync(archive, bytes);
    await server.close();
    server = startReleaseServer(served, NEW_VERSION);
    const r = await cc(downloaded, ["update"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`checksum mismatch for cc-${NEW_VERSION}-${hostTarget()}.tar.gz`);
    expect(await versionOf(downloaded)).toBe(OLD_VERSION);
    expect(readdirSync(join(sb.root, "download"))).toEqual(["cc"]);
  });

  test("--version installs an older release on request; a Homebrew-owned cc is left to brew", async () => {
    const newer = join(sb.root, "newer", "cc");
    mkdirSync(join(sb.root, "newer"));
    writeFileSync(newer, untar(join(releases, NEW_VERSION, `cc-${NEW_VERSION}-${hostTarget()}.tar.gz`)));
    chmodSync(newer, 0o755);
    const down = await cc(newer, ["update", "--version", OLD_VERSION]);
    expect(down.code, describeRun(down)).toBe(0);
    expect(await versionOf(newer)).toBe(OLD_VERSION);
    expect(existsSync(stable())).toBe(false);
    expect(down.stdout).toContain("run `cc install` to add it");

    const cellar = join(sb.root, "homebrew", "Cellar", "cc", OLD_VERSION, "bin");
    mkdirSync(cellar, { recursive: true });
    cpSync(downloaded, join(cellar, "cc"));
    const brew = await cc(join(cellar, "cc"), ["update"]);
    expect(brew.code).toBe(1);
    expect(brew.stderr).toContain("is managed by Homebrew");
    expect(brew.stderr).toContain("`brew upgrade cc`");
  });
});
