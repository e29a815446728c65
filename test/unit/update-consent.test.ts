/**
 * After `cc update` the new binary re-runs `cc install` without a terminal. It must keep what the
 * user agreed to before (rules file, hook trust) and not add what they declined.
 */
import { afterEach, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installFlags } from "../../src/update/update.ts";

let home: string;
afterEach(() => rmSync(home, { recursive: true, force: true }));

test("nothing agreed before: the refresh writes no rules and trusts no hooks", () => {
  home = mkdtempSync(join(tmpdir(), "cc-consent-"));
  expect(installFlags(home)).toEqual(["--no-rules", "--no-trust-hooks"]);
});

test("rules file present and cc's hooks trusted: the refresh keeps both", () => {
  home = mkdtempSync(join(tmpdir(), "cc-consent-"));
  mkdirSync(join(home, "rules"));
  writeFileSync(join(home, "rules", "cc.rules"), 'prefix_rule(pattern=["/x/cc"], decision="allow")\n');
  writeFileSync(join(home, "config.toml"), '[hooks.state."cc@cc:hooks/hooks.json:stop:0:0"]\ntrusted_hash = "sha256:abc"\n');
  expect(installFlags(home)).toEqual(["--rules", "--trust-hooks"]);
});

test("someone else's trusted hooks, or an unreadable config.toml, do not make cc trust its own", () => {
  home = mkdtempSync(join(tmpdir(), "cc-consent-"));
  writeFileSync(join(home, "config.toml"), '[hooks.state."other@market:hooks/hooks.json:stop:0:0"]\ntrusted_hash = "sha256:abc"\n');
  expect(installFlags(home)).toEqual(["--no-rules", "--no-trust-hooks"]);
  writeFileSync(join(home, "config.toml"), "this is = = not toml");
  expect(installFlags(home)).toEqual(["--no-rules", "--no-trust-hooks"]);
});
