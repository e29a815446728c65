/** Who is asking: the workspace (git top level, else cwd) and the owning Codex session. */
import { realpathSync } from "node:fs";
import { gitQuery } from "./git.ts";

export interface Workspace {
  /** The git top level of cwd, or cwd itself outside a repository. */
  root: string;
  cwd: string;
  /** The root Codex session that ran the command (CODEX_SESSION_ID, else CODEX_THREAD_ID); null outside Codex. */
  codexSession: string | null;
}

function gitTopLevel(cwd: string): string | null {
  // No git on PATH (common on Windows) fails too: then cwd is the workspace, as outside a repository.
  const r = gitQuery(cwd, ["rev-parse", "--show-toplevel"]);
  return r.ok ? r.out.trim() || null : null;
}

export function currentWorkspace(cwd: string = process.cwd(), env: Record<string, string | undefined> = process.env): Workspace {
  const real = realpathSync(cwd);
  // CODEX_SESSION_ID is the root session even inside a subagent, so jobs started by a child thread stay
  // the user's (the hooks look them up by the root session id); CODEX_THREAD_ID for older Codex.
  return { root: gitTopLevel(real) ?? real, cwd: real, codexSession: env.CODEX_SESSION_ID || env.CODEX_THREAD_ID || null };
}
