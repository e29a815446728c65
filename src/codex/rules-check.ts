/**
 * What Codex would do with cc's commands, as Codex itself decides it: `codex execpolicy check`
 * over every rules file Codex loads from `$CODEX_HOME/rules/` — cc's own `cc.rules` and the
 * `default.rules` Codex appends to when the user answers "Yes, and don't ask again". (Project
 * `.codex/rules/` load only for trusted projects and are left out.)
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { SKILL_NAMES, type SkillName } from "../lib/invocation.ts";
import { type CodexCli, execpolicyDecision } from "./codex-cli.ts";
import { rulesDir } from "./rules.ts";

/** cc commands a skill never runs: a rule that lets Codex run them unasked allows too much. */
const NOT_FOR_SKILLS = ["install", "uninstall"] as const;

export interface RulesVerdict {
  /** The rules files Codex loads, by absolute path. */
  files: string[];
  /** Skill subcommands Codex runs outside its sandbox without asking. */
  allowed: SkillName[];
  /** cc commands beyond the skills' that the rules allow as well. */
  broader: string[];
}

function loadedRulesFiles(codexHomeDir: string): string[] {
  const dir = rulesDir(codexHomeDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".rules"))
    .sort()
    .map((name) => join(dir, name));
}

/** Throws (a CcError naming the file) when Codex cannot load the rules: then Codex cannot start either. */
export async function checkRules(cli: CodexCli, codexHomeDir: string, ccBin: string): Promise<RulesVerdict> {
  const files = loadedRulesFiles(codexHomeDir);
  if (files.length === 0) return { files, allowed: [], broader: [] };
  const allows = async (sub: string) => (await execpolicyDecision(cli, files, [ccBin, sub])) === "allow";
  const [skills, others] = await Promise.all([Promise.all(SKILL_NAMES.map(allows)), Promise.all(NOT_FOR_SKILLS.map(allows))]);
  return { files, allowed: SKILL_NAMES.filter((_, i) => skills[i]), broader: NOT_FOR_SKILLS.filter((_, i) => others[i]) };
}
