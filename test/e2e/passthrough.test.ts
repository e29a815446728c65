/** The compiled cc hands compiler invocations to the real C compiler further along PATH. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ccBinary } from "../support/bins.ts";
import { describeRun, run } from "../support/processes.ts";

let dir: string;
let binDir: string;
const systemCompiler = Bun.which("cc", { PATH: "/usr/local/bin:/usr/bin:/bin" });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "cc-pass-"));
  binDir = join(dir, "bin");
  mkdirSync(binDir);
  symlinkSync(ccBinary(), join(binDir, "cc"));
  writeFileSync(join(dir, "hello.c"), '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n');
  writeFileSync(join(dir, "broken.c"), "int main(void) { return }\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = (path: string) => ({ PATH: path, HOME: dir, LANG: "C" });

describe.skipIf(!systemCompiler)("with a C compiler later on PATH", () => {
  const path = () => `${binDir}:/usr/local/bin:/usr/bin:/bin`;

  test("cc -c hello.c -o hello.o produces the object file", async () => {
    const r = await run(["cc", "-c", "hello.c", "-o", "hello.o"], { cwd: dir, env: { ...env(path()) }, timeoutMs: 30000 });
    expect(r.code, describeRun(r)).toBe(0);
    expect(existsSync(join(dir, "hello.o"))).toBe(true);
  }, 60000);

  test("cc --version prints the compiler's version, byte for byte", async () => {
    const ours = await run([join(binDir, "cc"), "--version"], { cwd: dir, env: env(path()), timeoutMs: 30000 });
    const theirs = await run([systemCompiler!, "--version"], { cwd: dir, env: env(path()), timeoutMs: 30000 });
    expect(ours.code, describeRun(ours)).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    expect(ours.stdout.length).toBeGreaterThan(0);
  }, 60000);

  test("the compiler's exit code and stderr come through", async () => {
    const r = await run([join(binDir, "cc"), "-c", "broken.c", "-o", "broken.o"], { cwd: dir, env: env(path()), timeoutMs: 30000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("broken.c");
  }, 60000);

  test("two copies of cc on PATH never bounce the call between each other", async () => {
    const second = join(dir, "bin2");
    mkdirSync(second, { recursive: true });
    copyFileSync(ccBinary(), join(second, "cc"));
    Bun.spawnSync(["chmod", "+x", join(second, "cc")]);
    const r = await run(["cc", "--version"], { cwd: dir, env: env(`${binDir}:${second}:/usr/local/bin:/usr/bin:/bin`), timeoutMs: 30000 });
    expect(r.timedOut).toBe(false);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout.toLowerCase()).toMatch(/gcc|clang|cc/);
  }, 60000);

  test("a typo of a cc command fails in the compiler, then names the command it resembles", async () => {
    const r = await run(["cc", "verison"], { cwd: dir, env: env(path()), timeoutMs: 30000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("did you mean `cc version`?");
  }, 60000);

  test("cc's own commands still run", async () => {
    const r = await run(["cc", "version"], { cwd: dir, env: env(path()), timeoutMs: 30000 });
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toMatch(/^cc \d+\.\d+\.\d+ \(commit /);
  }, 60000);
});

describe("with no other cc on PATH", () => {
  test("a compiler-style call gets cc's own error and exit code 2", async () => {
    const r = await run([join(binDir, "cc"), "-c", "hello.c"], { cwd: dir, env: env(binDir), timeoutMs: 30000 });
    expect(r.code, describeRun(r)).toBe(2);
    expect(r.stderr).toContain('unknown option "-c"');
    expect(r.stderr).toContain("no other `cc`");
  }, 60000);

  test("an unknown command lists cc's commands", async () => {
    const r = await run([join(binDir, "cc"), "reveiw"], { cwd: dir, env: env(binDir), timeoutMs: 30000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "reveiw"');
    expect(r.stderr).toContain("version");
  }, 60000);
});
