/** Who is asking: the workspace (git top level, else cwd) and the owning Codex session. */
import { realpathSync } from "node:fs";

export interface Workspace {
  /** The git top level of cwd, or cwd itself outside a repository. */
  root: string;
  cwd: string;
  /** CODEX_THREAD_ID of the Codex thread that ran the command; null outside Codex. */
  codexSession: string | null;
}

function gitTopLevel(cwd: string): string | null {
  try {
    const r = Bun.spawnSync(["git", "rev-parse", "--show-toplevel"], { cwd, stdout: "pipe", stderr: "ignore" });
    return r.exitCode === 0 ? r.stdout.toString().trim() || null : null;
  } catch {
    return null; // no git on PATH (common on Windows): then cwd is the workspace, as outside a repository
  }
}

export function currentWorkspace(cwd: string = process.cwd(), env: Record<string, string | undefined> = process.env): Workspace {
  const real = realpathSync(cwd);
  return { root: gitTopLevel(real) ?? real, cwd: real, codexSession: env.CODEX_THREAD_ID || null };
}
