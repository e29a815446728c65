/**
 * The world of the "what the user reads" end-to-end tests (issue 14): a sandbox with a changed
 * repository, the Messages mock playing Claude (a review with findings), the Responses mock playing
 * Codex's model (following the skills), and cc installed from a lonely copy of the compiled binary.
 */

import { expect } from "bun:test";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type AnthropicMock, reply, startAnthropicMock } from "../support/anthropic-mock.ts";
import { ccBinary, claudeBin, codexBin } from "../support/bins.ts";
import { type CodexExecResult, codexExec } from "../support/codex.ts";
import { writeFiles } from "../support/git.ts";
import { describeRun, type RunResult, reapAll, run } from "../support/processes.ts";
import { type CodexScript, type ResponsesMock, startResponsesMock } from "../support/responses-mock.ts";
import { Sandbox } from "../support/sandbox.ts";
import { followSkill } from "./codex-skills.ts";

export const FINDINGS = {
  verdict: "needs-attention",
  summary: "UX_REVIEW_SUMMARY: the constant changed without its callers.",
  findings: [
    {
      severity: "high",
      title: "UX_FINDING_TITLE",
      body: "answer is now 42.",
      file: "src/app.ts",
      line_start: 1,
      line_end: 1,
      confidence: 0.9,
      recommendation: "Update the callers.",
    },
  ],
  next_steps: ["Run the tests"],
};

/** A real user's HOME is not under /tmp; claude's key must reach the command Codex runs. */
const REAL_USER_SANDBOX = `[sandbox_workspace_write]\nexclude_slash_tmp = true\nexclude_tmpdir_env_var = true\n\n[shell_environment_policy]\nignore_default_excludes = true\n`;

export class UxWorld {
  readonly sb = new Sandbox({ repo: { "src/app.ts": "export const answer = 41;\n" } });
  readonly claude: AnthropicMock = startAnthropicMock(() => reply.structured(FINDINGS));
  readonly codex: ResponsesMock;
  /** Extra env for every cc and codex run of this world (e.g. a PATH without claude). */
  envExtra: Record<string, string> = { CC_CLAUDE_BIN: claudeBin };

  constructor(script: CodexScript = (req) => followSkill(req)) {
    writeFiles(this.sb.repo, { "src/app.ts": "export const answer = 42; // THE_EDIT\n" });
    this.codex = startResponsesMock(script);
  }

  env(): Record<string, string> {
    return this.sb.claudeEnv(this.claude.url, { CC_CODEX_BIN: codexBin, ...this.envExtra });
  }

  config(sandboxMode: "danger-full-access" | "workspace-write"): void {
    this.sb.writeCodexConfig(this.codex.url, { sandboxMode, extra: REAL_USER_SANDBOX });
  }

  /** `cc install <args>` from a terminal-less shell, on a lonely copy of the binary; the installed path. */
  async install(args: string[]): Promise<{ cc: string; out: RunResult }> {
    const lonely = join(this.sb.root, "download");
    mkdirSync(lonely, { recursive: true });
    copyFileSync(ccBinary(), join(lonely, "cc"));
    const out = await run([join(lonely, "cc"), "install", ...args], { cwd: this.sb.repo, env: this.env(), timeoutMs: 60000 });
    expect(out.code, describeRun(out)).toBe(0);
    return { cc: join(this.sb.dataDir, "bin", "cc"), out };
  }

  /** One `codex exec` turn; `resume` continues a thread. */
  async turn(prompt: string, resume?: string): Promise<CodexExecResult> {
    const r = await codexExec(this.sb, prompt, { env: this.env(), timeoutMs: 120000, ...(resume ? { extraArgs: ["resume", resume] } : {}) });
    expect(this.codex.scriptErrors).toEqual([]);
    expect(r.code, describeRun(r)).toBe(0);
    return r;
  }

  /** The arguments of every exec_command the model made so far in the newest request. */
  calls(): Record<string, unknown>[] {
    return this.codex.requests
      .at(-1)!
      .body.input.filter((i: any) => i.type === "function_call")
      .map((i: any) => JSON.parse(i.arguments));
  }

  async close(): Promise<void> {
    await reapAll();
    await Promise.all([this.claude.close(), this.codex.close()]);
    this.sb.cleanup();
  }
}

export { BARE_CC } from "../support/bare-cc.ts";
