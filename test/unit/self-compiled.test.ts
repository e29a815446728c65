/**
 * Knowing we are the compiled cc decides how the background worker is started and what `cc install`
 * and `cc update` copy. On Windows a wrong answer made cc.exe think it ran from source.
 */
import { expect, test } from "bun:test";
import { isCompiledMain } from "../../src/lib/self.ts";

test("the compiled executable is recognised on Linux/macOS and on Windows with either path separator", () => {
  expect(isCompiledMain("/$bunfs/root/cc")).toBe(true);
  expect(isCompiledMain("B:\\~BUN\\root\\cc.exe")).toBe(true);
  expect(isCompiledMain("B:/~BUN/root/cc.exe")).toBe(true); // what Bun.main holds in cc.exe (seen under Wine)
});

test("a source checkout is not mistaken for the compiled cc", () => {
  expect(isCompiledMain("/home/me/cc/src/cli.ts")).toBe(false);
  expect(isCompiledMain("C:\\Users\\me\\cc\\src\\cli.ts")).toBe(false);
  expect(isCompiledMain("C:/Users/me/~BUNNY/src/cli.ts")).toBe(false);
});
