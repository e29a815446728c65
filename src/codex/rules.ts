/**
 * `$CODEX_HOME/rules/cc.rules`: one exec-policy allow rule for the installed cc binary, so Codex
 * runs cc's skill commands outside its sandbox without asking (cc needs the network and its data
 * directory to run Claude). Absolute path only: a basename rule for `cc` would also allow the C
 * compiler and anything else called `cc`. Narrowed to cc's skill subcommands.
 *
 * One broken rules file stops `codex exec` from starting, so the file is checked with
 * `codex execpolicy check` from a scratch copy before it is renamed into place.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../lib/atomic-write.ts";
import { CcError } from "../lib/errors.ts";
import { makeDirs } from "../lib/private-dir.ts";
import { type CodexCli, execpolicyDecision } from "./codex-cli.ts";
import { SKILL_NAMES } from "./plugin-files.ts";

export const rulesDir = (codexHomeDir: string) => join(codexHomeDir, "rules");
export const rulesPath = (codexHomeDir: string) => join(rulesDir(codexHomeDir), "cc.rules");

/** Starlark string literal (the same escapes as JSON for the characters an install path may hold). */
const str = (s: string) => JSON.stringify(s);

export function renderRules(ccBin: string): string {
  const subcommands = SKILL_NAMES.map(str).join(", ");
  return [
    "# cc (Claude Code for Codex). Written by `cc install`, removed by `cc uninstall`.",
    "# Lets Codex run cc's own binary outside its sandbox without asking: cc needs the network and",
    "# its data directory to run Claude Code. Only this absolute path and cc's skill subcommands match.",
    "prefix_rule(",
    `    pattern = [${str(ccBin)}, [${subcommands}]],`,
    `    decision = "allow",`,
    `    justification = "cc runs Claude Code, which needs the network and cc's data directory",`,
    `    match = [[${str(ccBin)}, "review", "--wait"], [${str(ccBin)}, "status"]],`,
    `    not_match = [[${str(`${ccBin}x`)}, "review"], [${str(ccBin)}, "install"]],`,
    ")",
    "",
  ].join("\n");
}

/** Check a rules text with Codex itself: it must load, allow `cc review` and nothing else of ours. */
async function validateRules(cli: CodexCli, text: string, ccBin: string): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), "cc-rules-"));
  try {
    const file = join(scratch, "cc.rules");
    writeFileSync(file, text);
    await assertRulesFileAllows(cli, file, ccBin);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function assertRulesFileAllows(cli: CodexCli, file: string, ccBin: string): Promise<void> {
  const allowed = await execpolicyDecision(cli, file, [ccBin, "review", "--wait"]);
  if (allowed !== "allow") throw new CcError(`${file} does not allow \`${ccBin} review\` (codex says: ${allowed ?? "no rule matched"})`);
  const other = await execpolicyDecision(cli, file, [ccBin, "install"]);
  if (other === "allow") throw new CcError(`${file} allows more than cc's skill commands`);
}

export type RulesWrite = "written" | "unchanged";

/** Validate, then write atomically (a temp name Codex does not load, then rename). */
export async function installRules(cli: CodexCli, codexHomeDir: string, ccBin: string): Promise<RulesWrite> {
  const text = renderRules(ccBin);
  const target = rulesPath(codexHomeDir);
  if (existsSync(target) && readFileSync(target, "utf8") === text) return "unchanged";
  await validateRules(cli, text, ccBin);
  makeDirs(rulesDir(codexHomeDir));
  writeFileAtomic(target, text, 0o644);
  return "written";
}
