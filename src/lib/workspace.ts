/** Who is asking: the workspace (git top level, else cwd) and the owning Codex session. */
import { realpathSync } from "node:fs";
import { gitQuery } from "./git.ts";
import { owningCodexSession } from "./invocation.ts";

export interface Workspace {
  /** The git top level of cwd, or cwd itself outside a repository. */
  root: string;
  cwd: string;
  /** The root Codex session that ran the command (lib/invocation.ts `owningCodexSession`). */
  codexSession: string | null;
}

function gitTopLevel(cwd: string): string | null {
  // No git on PATH (common on Windows) fails too: then cwd is the workspace, as outside a repository.
  const r = gitQuery(cwd, ["rev-parse", "--show-toplevel"]);
  return r.ok ? r.out.trim() || null : null;
}

export function currentWorkspace(cwd: string = process.cwd(), env: Record<string, string | undefined> = process.env): Workspace {
  const real = realpathSync(cwd);
  return { root: gitTopLevel(real) ?? real, cwd: real, codexSession: owningCodexSession(env) };
}
