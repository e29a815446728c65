/**
 * Where a write rescue works: in the user's tree ("in place"), or in a private checkout made from the
 * launch snapshot (src/rescue/worktree.ts). Background write rescues use a checkout by default, so
 * Claude and the person (or Codex) never edit the same files at once; `rescueIsolation` in
 * config.json: "background" (default), "always", "never"; --worktree / --in-place decide one run.
 */
import { isAbsolute, relative } from "node:path";
import type { SandboxRequest } from "../claude/sandbox.ts";
import type { CcConfig } from "../lib/config.ts";
import { UsageError } from "../lib/errors.ts";
import { internalGit } from "../lib/git.ts";
import type { Workspace } from "../lib/workspace.ts";
import type { Containment } from "./containment.ts";
import { type WorktreeInfo, worktreesDir } from "./worktree.ts";

export type Isolation = "worktree" | "in-place";

export interface IsolationFlags {
  worktree?: boolean;
  inPlace?: boolean;
  readOnly?: boolean;
}

export function chooseIsolation(flags: IsolationFlags, config: CcConfig, background: boolean): Isolation {
  if (flags.worktree && flags.inPlace) throw new UsageError("--worktree and --in-place contradict each other", "Pass one of them.");
  if (flags.worktree && flags.readOnly) throw new UsageError("--worktree applies to write rescues; a --read-only rescue changes nothing", "Drop one of them.");
  if (flags.readOnly || flags.inPlace) return "in-place";
  if (flags.worktree) return "worktree";
  const policy = config.rescueIsolation ?? "background";
  return policy === "always" || (policy === "background" && background) ? "worktree" : "in-place";
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

/**
 * The sandbox of a run in a checkout: its writable area is the checkout (the working directory);
 * the user's tree and repository are named read-only besides, since they may sit in a temp dir the
 * sandbox would otherwise let commands write.
 */
export function worktreeSandbox(contained: Containment, ws: Workspace, info: WorktreeInfo): SandboxRequest | null {
  if (!contained.sandbox) return null;
  const common = internalGit(ws.cwd, ["rev-parse", "--path-format=absolute", "--git-common-dir"]);
  const userPaths = [ws.root, ...(common.ok ? [common.out.trim()] : [])].filter((p) => !inside(p, worktreesDir()));
  return {
    network: contained.network,
    denyWrite: [...new Set(userPaths)],
    // Run from a subdirectory, the checkout's top level (and its .git) must stay writable too.
    ...(info.cwd ? { allowWrite: [info.path] } : {}),
  };
}
