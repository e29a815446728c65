/**
 * Issue 22, item 7: `cc update` streams the archive to disk and unpacks it into a file, with a cap
 * on the download, the checksum list and the unpacked size. A gzip bomb (a tar whose `cc` claims
 * 600 MiB of zeros, 0.6 MiB packed, with a correct checksum) from the release server on 127.0.0.1;
 * a server that never ends the archive or SHA256SUMS. The compiled cc (a copy: update replaces the
 * binary it runs), its peak memory measured.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { archiveName } from "../../src/update/assets.ts";
import { bunBin, ccBinary } from "../support/bins.ts";
import { reapAll, run } from "../support/processes.ts";
import { startReleaseServer } from "../support/release-server.ts";
import { Sandbox } from "../support/sandbox.ts";

const sb = new Sandbox({ repo: false });
const VERSION = "9.9.9";
const target = (JSON.parse(Bun.spawnSync([ccBinary(), "version", "--json"]).stdout.toString()) as { target: string }).target;
const archive = archiveName(VERSION, target);
const BOMB_MIB = 600;

// The bomb: one tar header for `cc` claiming 600 MiB, then that many zeros, gzipped (about 0.6 MiB).
const releases = join(sb.root, "releases");
mkdirSync(join(releases, VERSION), { recursive: true });
const header = Buffer.alloc(512);
header.write("cc", 0);
header.write("0000755\0", 100);
header.write(`${(BOMB_MIB * 1024 * 1024).toString(8).padStart(11, "0")}\0`, 124);
header.write("0", 156);
header.write("ustar\0", 257);
header.write("        ", 148);
let checksum = 0;
for (const byte of header) checksum += byte;
header.write(`${checksum.toString(8).padStart(6, "0")}\0 `, 148);
writeFileSync(join(sb.root, "header"), header);
const packed = Bun.spawnSync(["/bin/sh", "-c", `(cat header; head -c ${BOMB_MIB * 1024 * 1024} /dev/zero) | gzip -1 > "${join(releases, VERSION, archive)}"`], {
  cwd: sb.root,
});
expect(packed.exitCode).toBe(0);
const sum = new Bun.CryptoHasher("sha256").update(readFileSync(join(releases, VERSION, archive))).digest("hex");
writeFileSync(join(releases, VERSION, "SHA256SUMS"), `${sum}  ${archive}\n`);
const releaseServer = startReleaseServer(releases, VERSION);

// A server that never stops sending: the archive, or the checksum list.
const endless = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(request) {
    const path = new URL(request.url).pathname;
    const chunk = path.endsWith("SHA256SUMS") ? Buffer.from(`${"0".repeat(64)}  filler-${"x".repeat(60)}\n`.repeat(8000)) : Buffer.alloc(1024 * 1024);
    if (path.endsWith("SHA256SUMS") && path.includes("sums-ok")) return new Response(`${"0".repeat(64)}  ${archive}\n`);
    return new Response(new ReadableStream({ pull: (controller) => controller.enqueue(chunk) }));
  },
});

afterAll(async () => {
  await reapAll();
  await releaseServer.close();
  await endless.stop(true);
  sb.cleanup();
});

/**
 * Runs argv as the only child of a fresh bun, whose children's peak RSS is then that one's
 * (getrusage(RUSAGE_CHILDREN) covers every child a process ever had): written to `rssFile`.
 */
const MEASURE = `const p = Bun.spawn(process.argv.slice(2), { stdio: ["ignore", "inherit", "inherit"] });
const code = await p.exited;
await Bun.write(process.env.RSS_FILE, String(p.resourceUsage().maxRSS));
process.exit(code);`;

/** A fresh copy of cc to update, run with its peak memory measured. */
async function update(base: string, name: string) {
  const dir = join(sb.root, name);
  mkdirSync(dir);
  const copy = join(dir, "cc");
  copyFileSync(ccBinary(), copy);
  chmodSync(copy, 0o755);
  const dataDir = join(sb.root, `${name}-data`);
  const rssFile = join(sb.root, `${name}.rss`);
  const measure = join(sb.root, "measure.ts");
  writeFileSync(measure, MEASURE);
  const r = await run([bunBin, measure, copy, "update"], {
    env: sb.baseEnv({ CC_DATA_DIR: dataDir, CC_RELEASE_BASE: base, RSS_FILE: rssFile }),
    timeoutMs: 60_000,
  });
  return { ...r, maxRssMiB: Number(readFileSync(rssFile, "utf8")) / (1024 * 1024), copy, dataDir };
}
const untouched = (copy: string) => readFileSync(copy).equals(readFileSync(ccBinary()));

describe("cc update against a hostile release", () => {
  test("a gzip bomb with a correct checksum: refused past 512 MiB unpacked, in little memory, nothing replaced or left behind", async () => {
    const r = await update(releaseServer.url, "bomb");
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain("verified SHA-256"); // integrity holds: it is the server's own file
    expect(r.stderr).toContain(`${archive} unpacks to more than 512 MiB`);
    expect(r.maxRssMiB).toBeLessThan(250);
    expect(untouched(r.copy)).toBe(true);
    expect(readdirSync(join(r.dataDir, "update-downloads"))).toEqual([]);
    expect(readdirSync(join(sb.root, "bomb"))).toEqual(["cc"]);
  }, 90_000);

  test("an archive that never ends: the download stops at 256 MiB, nothing replaced or left behind", async () => {
    const r = await update(`http://127.0.0.1:${endless.port}/sums-ok`, "endless-archive");
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain("the release server sent more than 256 MiB");
    expect(r.maxRssMiB).toBeLessThan(250);
    expect(untouched(r.copy)).toBe(true);
    expect(existsSync(join(r.dataDir, "update-downloads")) ? readdirSync(join(r.dataDir, "update-downloads")) : []).toEqual([]);
  }, 90_000);

  test("a checksum list that never ends: refused past 1 MiB", async () => {
    const r = await update(`http://127.0.0.1:${endless.port}/endless`, "endless-sums");
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain("the release server sent more than 1 MiB");
    expect(r.maxRssMiB).toBeLessThan(250);
    expect(untouched(r.copy)).toBe(true);
  }, 90_000);
});
