/** Running the real codex CLI (`codex exec`) against a Responses mock. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { codexBin } from "./bins.ts";
import { type RunResult, run } from "./processes.ts";
import type { Sandbox } from "./sandbox.ts";

export interface CodexExecResult extends RunResult {
  events: any[];
  threadId: string | undefined;
  lastMessage: string;
}

export interface CodexExecOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  extraArgs?: string[];
}

export async function codexExec(sb: Sandbox, prompt: string, opts: CodexExecOptions = {}): Promise<CodexExecResult> {
  const out = join(sb.tmp, `codex-last-${Date.now()}-${Math.random().toString(36).slice(2)}.txt`);
  const r = await run(
    [codexBin, "exec", "--skip-git-repo-check", "--json", "--color", "never", "-C", opts.cwd ?? sb.repo, "-o", out, ...(opts.extraArgs ?? []), prompt],
    { cwd: opts.cwd ?? sb.repo, env: opts.env ?? sb.baseEnv(), timeoutMs: opts.timeoutMs ?? 60000 },
  );
  const events = r.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return null;
      }
    })
    .filter(Boolean);
  let lastMessage = "";
  try {
    lastMessage = readFileSync(out, "utf8");
  } catch {
    /* codex failed before writing it */
  }
  return { ...r, events, threadId: events.find((e) => e.type === "thread.started")?.thread_id, lastMessage };
}
