/**
 * Issue 17, items 1 and 5: cc's directories are private whatever the umask, a loose one is
 * repaired, another user's directory or config is refused, and each broken location (a file where
 * a directory belongs, a device as the database, a relative CC_DATA_DIR) is one line naming the fix.
 * Real cc processes (from source), a real second Unix user where the machine allows it.
 */
import { describe, expect, test } from "bun:test";
import { chmodSync, chownSync, existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ccBinary, ccFromSource } from "../support/bins.ts";
import { otherUser, SKIP_NOT_ROOT } from "../support/other-user.ts";
import { describeRun, type RunResult, run } from "../support/processes.ts";
import { worldPerTest } from "../support/world.ts";

const w = worldPerTest({ fakeClaude: true });

const cc = (args: string[], extra: Record<string, string | undefined> = {}) =>
  run([...ccFromSource, ...args], { cwd: w.sb.repo, env: w.env(extra), timeoutMs: 20000 });
const other = otherUser();
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** A user error: exit code set, one `cc:` line plus at most a hint, no stack, no "internal error". */
function expectOneLineError(r: RunResult, pattern: RegExp): void {
  expect(r.code, describeRun(r)).not.toBe(0);
  expect(r.stderr, describeRun(r)).toMatch(pattern);
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
}

describe("private directories", () => {
  test("the data dir the sandbox preflight creates under Codex is 0700 even with umask 000", async () => {
    const dataDir = join(w.sb.root, "fresh", "cc-data");
    const r = await run(["sh", "-c", 'umask 000; exec "$@"', "sh", ...ccFromSource, "status"], {
      cwd: w.sb.repo,
      env: w.env({ CC_DATA_DIR: dataDir, CODEX_THREAD_ID: "thread-1" }),
      timeoutMs: 20000,
    });
    expect(r.code, describeRun(r)).toBe(0);
    expect(mode(dataDir)).toBe("700");
    expect(mode(join(w.sb.root, "fresh"))).toBe("700");
    expect(mode(join(dataDir, "cc.db"))).toBe("600");
  });

  test("a world-writable data dir of the user's is repaired to 0700", async () => {
    mkdirSync(w.sb.dataDir, { recursive: true });
    chmodSync(w.sb.dataDir, 0o777);
    const r = await cc(["status"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(mode(w.sb.dataDir)).toBe("700");
  });

  test("a config.json writable by others is refused before anything runs", async () => {
    mkdirSync(w.sb.dataDir, { recursive: true, mode: 0o700 });
    const evil = join(w.sb.tmp, "evil.sh");
    writeFileSync(evil, `#!/bin/sh\ntouch ${join(w.sb.tmp, "pwned")}\n`, { mode: 0o755 });
    writeFileSync(join(w.sb.dataDir, "config.json"), JSON.stringify({ claudePath: evil }));
    chmodSync(join(w.sb.dataDir, "config.json"), 0o666);
    const r = await cc(["rescue", "do it"]);
    // Read when claude is about to start: the job fails with the reason, and the program never runs.
    expect(r.code, describeRun(r)).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/config .*config\.json is writable by other users.*chmod 600/s);
    expect(existsSync(join(w.sb.tmp, "pwned"))).toBe(false);
  });

  test.skipIf(!other)(`a config.json owned by another user is refused (${other ? "second user" : SKIP_NOT_ROOT})`, async () => {
    mkdirSync(w.sb.dataDir, { recursive: true, mode: 0o700 });
    const evil = join(w.sb.tmp, "evil.sh");
    writeFileSync(evil, `#!/bin/sh\ntouch ${join(w.sb.tmp, "pwned")}\n`, { mode: 0o755 });
    const config = join(w.sb.dataDir, "config.json");
    writeFileSync(config, JSON.stringify({ claudePath: evil }), { mode: 0o644 });
    chownSync(config, other!.uid, other!.gid);
    const r = await cc(["rescue", "do it"]);
    expect(r.code, describeRun(r)).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/config .*config\.json belongs to another user/);
    expect(existsSync(join(w.sb.tmp, "pwned"))).toBe(false);
  });

  test.skipIf(!other)(`a data dir owned by another user is refused, naming it (${other ? "second user" : SKIP_NOT_ROOT})`, async () => {
    mkdirSync(w.sb.dataDir, { recursive: true, mode: 0o755 });
    chownSync(w.sb.dataDir, other!.uid, other!.gid);
    const r = await cc(["status"]);
    expectOneLineError(r, new RegExp(`${w.sb.dataDir} belongs to another user`));
  });
});

describe("one-line errors for broken locations", () => {
  test("CODEX_HOME pointing at a file", async () => {
    const file = join(w.sb.tmp, "codex-home-file");
    writeFileSync(file, "");
    const r = await cc(["status"], { CC_DATA_DIR: undefined, CODEX_HOME: file });
    expectOneLineError(r, /cc: cannot create cc's directory .*codex-home-file.*not a directory/);
  });

  test("CC_DATA_DIR pointing at a file", async () => {
    const file = join(w.sb.tmp, "data-file");
    writeFileSync(file, "");
    const r = await cc(["status"], { CC_DATA_DIR: file });
    expectOneLineError(r, /data-file/);
  });

  test("cc.db replaced by /dev/null is refused and /dev/null is left alone", async () => {
    mkdirSync(w.sb.dataDir, { recursive: true, mode: 0o700 });
    symlinkSync("/dev/null", join(w.sb.dataDir, "cc.db"));
    const before = statSync("/dev/null").mode;
    const r = await cc(["status"]);
    expectOneLineError(r, /cc\.db is not a regular file/);
    expect(statSync("/dev/null").mode).toBe(before);
  });

  test("a relative CC_DATA_DIR is refused and creates nothing in the repository", async () => {
    const r = await cc(["status"], { CC_DATA_DIR: "cc-data" });
    expectOneLineError(r, /CC_DATA_DIR must be an absolute path/);
    expect(existsSync(join(w.sb.repo, "cc-data"))).toBe(false);
  });

  test.skipIf(!other)(`an unset HOME as an unprivileged user whose home does not exist (${other ? "second user" : SKIP_NOT_ROOT})`, async () => {
    const binary = ccBinary();
    const cwd = join(w.sb.root, "other-cwd");
    mkdirSync(cwd, { mode: 0o777 });
    chmodSync(w.sb.root, 0o755);
    const r = await run(
      ["setpriv", `--reuid=${other!.uid}`, `--regid=${other!.gid}`, "--clear-groups", "env", "-i", `PATH=${w.env().PATH}`, binary, "status"],
      { cwd, timeoutMs: 20000 },
    );
    expectOneLineError(r, /cannot create cc's directory \/nonexistent\/.*permission denied|cannot create cc's directory \/nonexistent\/.*no such/i);
  });

  test.skipIf(!other)(`a repository git calls "dubious ownership" is named as such (${other ? "second user" : SKIP_NOT_ROOT})`, async () => {
    chownSync(w.sb.repo, other!.uid, other!.gid);
    const r = await cc(["review"], { GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" });
    expectOneLineError(r, /dubious ownership|owned by another user/);
    expect(r.stderr).not.toContain("not inside a Git repository");
    expect(r.stderr).toContain("safe.directory");
  });
});
