/**
 * The layering of src/ (see .dependency-cruiser.cjs and the README's Architecture section) is
 * checked, not hoped for: dependency-cruiser over the real tree must find nothing, and over a small
 * tree that breaks each rule it must find exactly those breaks (so the checker itself can fail).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { repoRoot } from "../support/bins.ts";

const depcruise = realpathSync(join(repoRoot, "node_modules/.bin/depcruise"));

function cruise(cwd: string): { violations: { rule: { name: string }; from: string; to: string }[] } {
  // dependency-cruiser refuses Node 20 (CI's Node); Bun runs it.
  const r = Bun.spawnSync([process.execPath, depcruise, "src", "--config", join(cwd, ".dependency-cruiser.cjs"), "--output-type", "json"], {
    cwd,
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
    timeout: 60_000,
  });
  const out = r.stdout.toString();
  if (!out.trim()) throw new Error(`depcruise printed nothing (exit ${r.exitCode}): ${r.stderr.toString()}`);
  return { violations: JSON.parse(out).summary.violations };
}

const scratch = mkdtempSync(join(tmpdir(), "cc-arch-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("dependency rules", () => {
  test("src/ has no cycle and no forbidden direction", () => {
    const { violations } = cruise(repoRoot);
    expect(violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  }, 60_000);

  test("each rule fires on a tree that breaks it", () => {
    const files: Record<string, string> = {
      "src/lib/a.ts": 'import "../jobs/store.ts";\n',
      "src/jobs/store.ts": 'import "../render/status.ts";\n',
      "src/claude/run.ts": 'import "../jobs/store.ts";\n',
      "src/render/status.ts": 'import "node:fs";\nimport "../commands/status.ts";\n',
      "src/review/target.ts": 'import "../commands/status.ts";\n',
      "src/commands/status.ts": 'import "./result.ts";\n',
      "src/commands/result.ts": 'import "../kinds.ts";\n',
      "src/kinds.ts": 'import "./commands/result.ts";\n',
      "src/render/gate.ts": 'import "../gate/verdict.ts";\n',
      "src/gate/verdict.ts": "export {};\n",
      "src/contracts/rescue-job.ts": 'import "../rescue/snapshot.ts";\n',
      "src/rescue/snapshot.ts": "export {};\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    }
    cpSync(join(repoRoot, ".dependency-cruiser.cjs"), join(scratch, ".dependency-cruiser.cjs"));
    writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true, noEmit: true } }));
    const { violations } = cruise(scratch);
    const fired = new Set(violations.map((v) => v.rule.name));
    for (const rule of [
      "no-circular",
      "lib-is-generic",
      "claude-runner-below-jobs",
      "jobs-know-no-kind",
      "render-is-pure",
      "domains-never-import-commands",
      "commands-do-not-talk-to-each-other",
      "kinds-below-commands",
      "render-knows-no-domain",
      "contracts-are-data",
    ]) {
      expect(fired.has(rule), `rule ${rule} did not fire`).toBe(true);
    }
  }, 60_000);
});
