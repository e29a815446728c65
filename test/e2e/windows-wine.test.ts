/**
 * The windows-x64 cc.exe, run under Wine (when wine64 and the mingw-w64 compiler are installed;
 * skipped otherwise — CI proves Windows on its windows-latest job instead). Wine 8 lacks
 * bcryptprimitives.dll, which Bun's runtime imports, so the test compiles a stand-in exporting
 * ProcessPrng. Checked here: cc.exe starts; status works in a directory with a space and no git;
 * a background rescue runs through an npm-style claude.cmd shim; cc update replaces the running
 * cc.exe. Not checked (Wine is not Windows): process-tree cancellation, Defender, real cmd.exe.
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { repoRoot } from "../support/bins.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { type ReleaseServer, startReleaseServer } from "../support/release-server.ts";

setDefaultTimeout(180_000);
const wine = ["/usr/lib/wine/wine64", Bun.which("wine64"), Bun.which("wine")].find((p) => p && existsSync(p)) ?? null;
const mingw = Bun.which("x86_64-w64-mingw32-gcc");
if (!wine || !mingw) console.warn("windows-wine: skipped (needs wine64 and gcc-mingw-w64-x86-64 from apt)");

const PRNG_STUB = `#include <windows.h>
BOOLEAN WINAPI SystemFunction036(PVOID, ULONG);
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len) { ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len; if (!SystemFunction036(data, n)) return FALSE; data += n; len -= n; }
  return TRUE;
}
`;
const FAKE_CLAUDE = `const args = process.argv.slice(2);
let sid = "";
for (let i = 0; i < args.length; i++) if (args[i] === "--session-id" || args[i] === "--resume") sid = args[i + 1] ?? "";
const prompt = (await new Response(Bun.stdin.stream()).text()).replace(/["\\\\\\r\\n]/g, " ").slice(-40);
const out = (o) => process.stdout.write(JSON.stringify(o) + "\\n");
out({ type: "system", subtype: "init", session_id: sid, model: "fake-model", tools: [], cwd: process.cwd() });
out({ type: "assistant", message: { id: "m1", model: "fake-model", content: [{ type: "text", text: "answer to " + prompt }] }, session_id: sid });
out({ type: "result", subtype: "success", is_error: false, result: "answer to " + prompt, total_cost_usd: 0.0012, num_turns: 1, duration_ms: 3, session_id: sid, usage: { input_tokens: 10, output_tokens: 5 } });
`;

const root = mkdtempSync(join(tmpdir(), "cc-wine-"));
const winPath = (p: string) => `Z:${p.replaceAll("/", "\\")}`;
const appDir = join(root, "app dir");
const dataDir = join(root, "data dir");
const work = join(root, "work space");
let server: ReleaseServer;

function unzipOne(zip: Buffer, name: string): Buffer {
  // Our own archives: one deflated entry, local header first.
  const nameLength = zip.readUInt16LE(26);
  if (zip.subarray(30, 30 + nameLength).toString() !== name) throw new Error(`first entry is not ${name}`);
  const data = 30 + nameLength + zip.readUInt16LE(28);
  return inflateRawSync(zip.subarray(data, data + zip.readUInt32LE(18)));
}

function spawnOk(argv: string[], cwd = repoRoot): void {
  const r = Bun.spawnSync(argv, { cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe", timeout: 180_000 });
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
}

const wineEnv = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: root,
  WINEPREFIX: join(root, "prefix"),
  WINEDEBUG: "-all",
  CC_DATA_DIR: winPath(dataDir),
  CC_CLAUDE_BIN: winPath(join(root, "npm shims", "claude.cmd")),
  ...extra,
});
const ccExe = (args: string[], extra: Record<string, string> = {}) =>
  run([wine!, join(appDir, "cc.exe"), ...args], { cwd: work, env: wineEnv(extra), timeoutMs: 120_000 });

describe.skipIf(!wine || !mingw)("cc.exe under Wine", () => {
  beforeAll(async () => {
    for (const dir of [appDir, dataDir, work, join(root, "npm shims"), join(root, "fake")]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(root, "prng.c"), PRNG_STUB);
    spawnOk([mingw!, "-shared", "-O2", "-o", join(root, "bcryptprimitives.dll"), join(root, "prng.c"), "-ladvapi32"]);
    for (const version of ["0.1.0", "0.1.1"]) {
      spawnOk([
        process.execPath,
        "build/build.ts",
        "--all",
        "--targets",
        "bun-windows-x64",
        "--version-override",
        version,
        "--out",
        join(root, "releases", version),
      ]);
    }
    writeFileSync(join(root, "fake", "claude.ts"), FAKE_CLAUDE);
    spawnOk([
      process.execPath,
      "build",
      join(root, "fake", "claude.ts"),
      "--compile",
      "--target=bun-windows-x64",
      `--outfile=${join(root, "fake", "claude.exe")}`,
    ]);
    writeFileSync(join(root, "npm shims", "claude.cmd"), `@"${winPath(join(root, "fake", "claude.exe"))}" %*\r\n`);
    writeFileSync(join(appDir, "cc.exe"), unzipOne(readFileSync(join(root, "releases", "0.1.0", "cc-0.1.0-windows-x64.zip")), "cc.exe"));
    // A fresh prefix, then the missing DLL where every program finds it.
    const boot = await run([wine!, "wineboot", "--init"], { env: wineEnv(), timeoutMs: 120_000 });
    expect(boot.code, describeRun(boot)).toBe(0);
    copyFileSync(join(root, "bcryptprimitives.dll"), join(root, "prefix", "drive_c", "windows", "system32", "bcryptprimitives.dll"));
    server = startReleaseServer(join(root, "releases"), "0.1.1");
  }, 400_000);
  afterAll(async () => {
    await reapAll();
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  test("cc.exe starts and knows it is the compiled windows-x64 build", async () => {
    const r = await ccExe(["version", "--json"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: "0.1.0", target: "windows-x64" });
  });

  test("status works in a directory with a space and no git on PATH", async () => {
    const r = await ccExe(["status"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain("work space");
  });

  test("a background rescue runs through an npm-style claude.cmd shim and completes", async () => {
    const started = await ccExe(["rescue", "--read-only", "--background", "--json", "count the files, then stop"]);
    expect(started.code, describeRun(started)).toBe(0);
    const id = (JSON.parse(started.stdout) as { job: string }).job;
    const waited = await ccExe(["status", id, "--wait", "--timeout", "60s", "--json"]);
    expect(waited.code, describeRun(waited)).toBe(0);
    expect(waited.stdout).toContain('"completed"');
    const result = await ccExe(["result", id]);
    expect(result.stdout).toContain("answer to");
  });

  test("cc update replaces the running cc.exe with the newer release", async () => {
    const r = await ccExe(["update"], { CC_RELEASE_BASE: server.url });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain("(0.1.0 → 0.1.1)");
    const v = await ccExe(["version", "--json"]);
    expect(JSON.parse(v.stdout).version).toBe("0.1.1");
  });
});
