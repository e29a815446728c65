/**
 * Every skill under plugin/skills follows one pattern (issue 24): it runs `{{CC_BIN}} <subcommand>`,
 * without a login shell, and escalates with a prefix rule narrowed to that subcommand, so "don't ask
 * again" on one skill never allows `cc install`, `cc uninstall` or `cc update`. Checked over every
 * skill directory, so a new skill is held to it without editing this file.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const SKILLS_DIR = join(import.meta.dir, "..", "..", "plugin", "skills");
const skills = readdirSync(SKILLS_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe("every plugin skill", () => {
  test("there are skills to check", () => {
    expect(skills.length).toBeGreaterThan(0);
  });

  for (const name of skills) {
    test(`${name}: runs its own subcommand, login: false, prefix rule narrowed to it`, () => {
      const file = join(SKILLS_DIR, name, "SKILL.md");
      expect(existsSync(file)).toBe(true);
      const body = readFileSync(file, "utf8");
      expect(body).toMatch(new RegExp(`^name: ${name}$`, "m"));
      // The one command it runs: the binary, then the subcommand named like the skill.
      const commands = [...body.matchAll(/^ {4}\{\{CC_BIN\}\} (\S+)/gm)].map((m) => m[1]);
      expect(commands).toEqual([name]);
      // Every prefix rule it gives is exactly [binary, subcommand].
      const rules = [...body.matchAll(/prefix_rule: (\[[^\]]*\])/g)].map((m) => JSON.parse(m[1]!));
      expect(rules.length).toBeGreaterThan(0);
      for (const rule of rules) expect(rule).toEqual(["{{CC_BIN}}", name]);
      // No login shell (it would reset PATH), and never the escalation without a justification.
      expect(body).toContain("`login: false`");
      expect(body).toMatch(/justification: "[^"]+"/);
    });
  }
});
