/** Running the real claude directly (harness smoke tests and runner integration tests). */
import { claudeBin } from "./bins.ts";
import { type RunResult, run } from "./processes.ts";

export interface ClaudeRun extends RunResult {
  events: any[];
  result: any | undefined;
  init: any | undefined;
}

export function parseStreamJson(stdout: string): any[] {
  return stdout
    .split("\n")
    .filter((l) => l.trim().startsWith("{"))
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return null;
      }
    })
    .filter(Boolean);
}

/** `claude -p --output-format stream-json --verbose <args>` with the prompt on stdin. */
export async function runClaude(args: string[], opts: { cwd: string; env: Record<string, string>; prompt: string; timeoutMs?: number }): Promise<ClaudeRun> {
  const r = await run([claudeBin, "-p", "--output-format", "stream-json", "--verbose", ...args], {
    cwd: opts.cwd,
    env: opts.env,
    stdin: opts.prompt,
    timeoutMs: opts.timeoutMs ?? 30000,
  });
  const events = parseStreamJson(r.stdout);
  return { ...r, events, result: events.findLast((e) => e.type === "result"), init: events.find((e) => e.type === "system" && e.subtype === "init") };
}
