/** `cc update` leaves a package manager's files to the package manager, told by the real path. */
import { expect, test } from "bun:test";
import { packageManagerOf } from "../../src/update/owner.ts";

test("a cc inside Homebrew's Cellar (Apple silicon, Intel, Linuxbrew) is Homebrew's", () => {
  for (const path of ["/opt/homebrew/Cellar/cc/0.1.0/bin/cc", "/usr/local/Cellar/cc/0.1.0/bin/cc", "/home/linuxbrew/.linuxbrew/Cellar/cc/0.1.0/bin/cc"]) {
    expect(packageManagerOf(path)?.upgradeCommand).toBe("brew upgrade cc");
  }
});

test("a cc inside Scoop's apps directory is Scoop's, whatever the case of the path", () => {
  expect(packageManagerOf("C:\\Users\\me\\scoop\\apps\\cc\\0.1.0\\cc.exe")?.upgradeCommand).toBe("scoop update cc");
  expect(packageManagerOf("D:\\Scoop\\Apps\\cc\\current\\cc.exe")?.name).toBe("Scoop");
});

test("install.sh's copy, the stable copy and a download are cc's own to update", () => {
  for (const path of [
    "/home/me/.local/bin/cc",
    "/home/me/.codex/plugins/data/cc-cc/bin/cc",
    "C:\\Users\\me\\AppData\\Local\\cc\\bin\\cc.exe",
    "/tmp/Cellar-notes/cc",
  ]) {
    expect(packageManagerOf(path)).toBeNull();
  }
});
