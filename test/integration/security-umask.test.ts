/**
 * Issue 22, item 5: every directory cc creates is 0700, whatever the umask. The compiled cc runs
 * `cc transfer`, `cc update --check` and `cc update` under umask 000, each into directories that do
 * not exist yet (its data dir, `transfers/`, Claude's `projects/<dir>`, `update-downloads/`), against
 * a release server on 127.0.0.1; then every directory it made must be 0700 and no file it left may
 * be writable by others. A static check keeps every mkdir in src/lib/private-dir.ts.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { archiveName } from "../../src/update/assets.ts";
import { ccBinary, repoRoot } from "../support/bins.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { startReleaseServer } from "../support/release-server.ts";
import { Sandbox } from "../support/sandbox.ts";

const sb = new Sandbox({ repo: { "a.txt": "a\n" } });
const VERSION = "9.9.9";
const target = (JSON.parse(Bun.spawnSync([ccBinary(), "version", "--json"]).stdout.toString()) as { target: string }).target;

// A release whose "cc" is a script that answers `version --json` like cc 9.9.9.
const releases = join(sb.root, "releases");
const build = join(sb.root, "release-build");
mkdirSync(join(releases, VERSION), { recursive: true });
mkdirSync(build);
writeFileSync(join(build, "cc"), `#!/bin/sh\necho '{"version":"${VERSION}","target":"${target}"}'\n`, { mode: 0o755 });
const archive = archiveName(VERSION, target);
expect(Bun.spawnSync(["tar", "-C", build, "-czf", join(releases, VERSION, archive), "cc"]).exitCode).toBe(0);
const sum = new Bun.CryptoHasher("sha256").update(readFileSync(join(releases, VERSION, archive))).digest("hex");
writeFileSync(join(releases, VERSION, "SHA256SUMS"), `${sum}  ${archive}\n`);
const server = startReleaseServer(releases, VERSION);

afterAll(async () => {
  await reapAll();
  await server.close();
  sb.cleanup();
});

/** cc under umask 000, with its data (and Claude's config) in directories that do not exist yet. */
function underUmask000(bin: string, args: string[], fresh: string) {
  const env = sb.baseEnv({ CC_DATA_DIR: join(fresh, "cc-data"), CLAUDE_CONFIG_DIR: join(fresh, "claude"), CC_RELEASE_BASE: server.url });
  return run(["/bin/sh", "-c", 'umask 000 && exec "$0" "$@"', bin, ...args], { cwd: sb.repo, env, timeoutMs: 60_000 });
}

/** Every path under `root` that is open to others: directories not exactly 0700, files writable by group or others. */
function loosePaths(root: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    const st = lstatSync(path);
    const mode = st.mode & 0o777;
    if (st.isDirectory()) {
      if (mode !== 0o700) out.push(`${relative(root, path) || "."}/ ${mode.toString(8)}`);
      for (const name of readdirSync(path)) walk(join(path, name));
    } else if (!st.isSymbolicLink() && (mode & 0o022) !== 0) out.push(`${relative(root, path)} ${mode.toString(8)}`);
  };
  walk(root);
  return out;
}

describe("under umask 000", () => {
  test("cc transfer: the data dir, transfers/ and Claude's projects/<dir> are 0700", async () => {
    const fresh = join(sb.root, "fresh-transfer");
    const id = "01a23568-5020-77a2-acd1-a7e36c4cf256";
    const day = join(sb.codexHome, "sessions", "2026", "01", "02");
    mkdirSync(day, { recursive: true });
    const line = (type: string, payload: unknown) => JSON.stringify({ timestamp: "2026-01-02T03:04:05.000Z", type, payload });
    const lines = [
      line("session_meta", { id, cwd: sb.repo }),
      line("event_msg", { type: "task_started", turn_id: "t1" }),
      line("response_item", { type: "message", role: "user", content: [{ type: "input_text", text: "hello" }] }),
      line("response_item", { type: "message", role: "assistant", content: [{ type: "output_text", text: "hi" }] }),
      line("event_msg", { type: "task_complete", turn_id: "t1" }),
    ];
    writeFileSync(join(day, `rollout-2026-01-02T03-04-05-${id}.jsonl`), `${lines.join("\n")}\n`);
    const r = await underUmask000(ccBinary(), ["transfer", "--thread", id], fresh);
    expect(r.code, describeRun(r)).toBe(0);
    expect(existsSync(join(fresh, "cc-data", "transfers"))).toBe(true);
    expect(existsSync(join(fresh, "claude", "projects"))).toBe(true);
    expect(loosePaths(fresh)).toEqual([]);
  });

  test("cc update --check: the data dir is 0700", async () => {
    const fresh = join(sb.root, "fresh-check");
    const r = await underUmask000(ccBinary(), ["update", "--check"], fresh);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain(`${VERSION} is available`);
    expect(existsSync(join(fresh, "cc-data", "update-check.json"))).toBe(true);
    expect(loosePaths(fresh)).toEqual([]);
  });

  test("cc update: the data dir and update-downloads/ are 0700, the new binary 0755", async () => {
    const fresh = join(sb.root, "fresh-update");
    // A copy of cc to be replaced (never the build's own dist/cc).
    const copy = join(sb.root, "user-bin", "cc");
    mkdirSync(join(sb.root, "user-bin"));
    copyFileSync(ccBinary(), copy);
    chmodSync(copy, 0o755);
    const r = await underUmask000(copy, ["update"], fresh);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain(`→ ${VERSION}`);
    expect(readFileSync(copy, "utf8")).toContain(`"version":"${VERSION}"`);
    expect(lstatSync(copy).mode & 0o777).toBe(0o755);
    expect(existsSync(join(fresh, "cc-data", "update-downloads"))).toBe(true);
    expect(loosePaths(fresh)).toEqual([]);
  });
});

test("every mkdir in src/ is in src/lib/private-dir.ts (mkdtemp makes 0700 itself)", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
  const offenders = files(join(repoRoot, "src"))
    .filter((f) => f.endsWith(".ts") && !f.endsWith("src/lib/private-dir.ts"))
    .flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .map((text, i) => ({ at: `${relative(repoRoot, f)}:${i + 1}`, text })),
    )
    .filter(
      ({ text }) => /\bmkdir(Sync)?\s*\(|\bmkdir\b.*from "node:fs/.test(text) || /\bmkdir(Sync)?\b/.test(text.split("//")[0]!.replace(/mkdtemp(Sync)?/g, "")),
    )
    .map(({ at }) => at);
  expect(offenders).toEqual([]);
});
