/**
 * `npm run bench:distribution`: how big a release is and how long getting and updating cc takes,
 * against a release server on 127.0.0.1 (so the network is not measured, only cc and install.sh).
 * Builds the host target twice (0.1.0 and 0.1.1), then times, 3 runs each:
 *   - `install.sh --no-cc-install` under dash, from nothing to a cc that runs;
 *   - `cc update` 0.1.0 → 0.1.1 of an installed copy (download, verify, swap; no Codex plugin refresh).
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { repoRoot } from "../test/support/bins.ts";
import { startReleaseServer } from "../test/support/release-server.ts";
import { buildTwoReleases, hostTarget, NEW_VERSION, OLD_VERSION } from "../test/support/releases.ts";
import { fmtMiB, fmtMs, printTable, stats } from "./lib.ts";

async function timed(argv: string[], env: Record<string, string>): Promise<number> {
  const began = performance.now();
  const child = Bun.spawn(argv, { env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [code, out, err] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  const ms = performance.now() - began;
  if (code !== 0) throw new Error(`${argv.join(" ")} exited ${code}\n${out}\n${err}`);
  return ms;
}

const releases = buildTwoReleases();
const server = startReleaseServer(releases, NEW_VERSION);
const work = mkdtempSync(join(tmpdir(), "cc-bench-dist-"));
try {
  const sizes: (string | number)[][] = [];
  for (const version of [OLD_VERSION, NEW_VERSION]) {
    for (const name of readdirSync(join(releases, version)).filter((n) => n.endsWith(".tar.gz"))) {
      const archive = readFileSync(join(releases, version, name));
      const tar = gunzipSync(archive);
      const binary = parseInt(tar.subarray(124, 136).toString().replace(/\0.*$/s, ""), 8);
      sizes.push([name, fmtMiB(archive.length), fmtMiB(binary)]);
    }
  }
  printTable(["archive", "archive MiB", "binary MiB"], sizes);

  const env = (dir: string) => ({
    PATH: `/usr/bin:/bin`,
    HOME: dir,
    CC_DATA_DIR: join(dir, "data"),
    CODEX_HOME: join(dir, "codex"),
    CC_RELEASE_BASE: server.url,
    CC_INSTALL_DIR: join(dir, "bin"),
  });
  const dash = Bun.which("dash") ?? "/bin/sh";
  const installs: number[] = [];
  const updates: number[] = [];
  for (let i = 0; i < 3; i++) {
    const dir = join(work, `run-${i}`);
    mkdirSync(dir, { recursive: true });
    installs.push(await timed([dash, join(repoRoot, "install.sh"), "--no-cc-install"], env(dir)));
    await timed([join(dir, "bin", "cc"), "version"], env(dir));

    // An installed 0.1.0 (the stable copy cc install makes) updated to 0.1.1.
    const stable = join(dir, "data", "bin", "cc");
    mkdirSync(join(dir, "data", "bin"), { recursive: true });
    const tar = gunzipSync(readFileSync(join(releases, OLD_VERSION, `cc-${OLD_VERSION}-${hostTarget()}.tar.gz`)));
    const size = parseInt(tar.subarray(124, 136).toString().replace(/\0.*$/s, ""), 8);
    writeFileSync(stable, tar.subarray(512, 512 + size));
    chmodSync(stable, 0o755);
    const old = join(dir, "old-cc");
    copyFileSync(stable, old);
    chmodSync(old, 0o755);
    // Run from the stable copy itself; no marketplace, so the (Codex-bound) plugin refresh is skipped.
    rmSync(join(dir, "bin"), { recursive: true, force: true });
    updates.push(await timed([stable, "update"], env(dir)));
  }
  const row = (what: string, v: number[]) => {
    const s = stats(v);
    return [what, fmtMs(s.min), fmtMs(s.median), fmtMs(s.max)];
  };
  printTable(
    ["step (ms, 3 runs, loopback server)", "min", "median", "max"],
    [row("install.sh (dash) → working cc", installs), row(`cc update ${OLD_VERSION} → ${NEW_VERSION}`, updates)],
  );
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
  rmSync(releases, { recursive: true, force: true });
}
