/** Shared by the hook end-to-end tests: a sandbox with cc installed (hooks trusted by `cc install`), and turn helpers. */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ccBinary, claudeBin, codexBin } from "../support/bins.ts";
import { codexExec } from "../support/codex.ts";
import { describeRun, run } from "../support/processes.ts";
import type { CodexRequest } from "../support/responses-mock.ts";
import type { Sandbox } from "../support/sandbox.ts";

/** Install the compiled cc into the sandbox's Codex the way a user does (`--yes`: rules file and hook trust). */
export async function installCc(sb: Sandbox, env: Record<string, string>): Promise<string> {
  const lonely = join(sb.root, "download");
  mkdirSync(lonely, { recursive: true });
  copyFileSync(ccBinary(), join(lonely, "cc"));
  const r = await run([join(lonely, "cc"), "install", "--yes"], { cwd: sb.repo, env, timeoutMs: 90000 });
  if (r.code !== 0 || !r.stdout.includes("✓ hooks trusted")) throw new Error(`cc install failed:\n${describeRun(r)}`);
  return join(sb.dataDir, "bin", "cc");
}

export const ccEnv = (sb: Sandbox, claudeUrl: string, extra: Record<string, string> = {}) =>
  sb.claudeEnv(claudeUrl, { CC_CODEX_BIN: codexBin, CC_CLAUDE_BIN: claudeBin, ...extra });

export function writeCcConfig(sb: Sandbox, config: Record<string, unknown>): void {
  mkdirSync(sb.dataDir, { recursive: true });
  writeFileSync(join(sb.dataDir, "config.json"), JSON.stringify(config));
}

/** The text of this turn's user prompt (not an injected skill, not a hook's continuation). */
export function turnPrompt(req: CodexRequest): string {
  return (
    req
      .userTexts()
      .filter((t) => !/^<(skill|hook_prompt|environment_context|subagent_notification)\b/.test(t))
      .at(-1) ?? ""
  );
}

/** The stop hook's continuation message of this request, if the last user message is one. */
export function hookPrompt(req: CodexRequest): string | null {
  const last = req.userTexts().at(-1) ?? "";
  return last.startsWith("<hook_prompt") ? last : null;
}

/** Function call outputs after the last user message (a subagent's completion notice does not count): this step of the turn. */
export function outputsSinceLastUser(req: CodexRequest): string[] {
  const input: any[] = Array.isArray(req.body?.input) ? req.body.input : [];
  const text = (item: any) => (Array.isArray(item.content) ? item.content.map((c: any) => c?.text ?? "").join("") : String(item.content ?? ""));
  let lastUser = -1;
  input.forEach((item, i) => {
    if (item?.type === "message" && item.role === "user" && !text(item).startsWith("<subagent_notification")) lastUser = i;
  });
  return input
    .slice(lastUser + 1)
    .filter((i) => i?.type === "function_call_output")
    .map((i) => String(i.output));
}

export const exec = (sb: Sandbox, prompt: string, env: Record<string, string>, resume?: string) =>
  codexExec(sb, prompt, { env, timeoutMs: 120000, ...(resume ? { extraArgs: ["resume", resume] } : {}) });
