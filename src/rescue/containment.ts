/**
 * How a rescue is contained, decided before Claude starts: Claude Code's OS sandbox (the default),
 * or — only with the user's explicit consent — no sandbox. A write run also gets a recoverable
 * snapshot first. Nothing here runs Claude.
 */
import { isAbsolute, relative } from "node:path";
import { parseNetworkList, type SandboxRequest, sandboxAvailability } from "../claude/sandbox.ts";
import type { Snapshot } from "../contracts/rescue-job.ts";
import type { CcConfig } from "../lib/config.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import { internalGit } from "../lib/git.ts";
import type { Workspace } from "../lib/workspace.ts";
import { gitDirOf, nestedRepositories, recordSnapshot, SNAPSHOT_NAMESPACE } from "./snapshot.ts";

export interface ContainmentFlags {
  sandbox?: boolean;
  network?: string;
  readOnly?: boolean;
  /** false: the run reuses an earlier snapshot (a resumed worktree rescue keeps its launch snapshot). */
  takeSnapshot?: boolean;
}

export interface Containment {
  sandbox: SandboxRequest | null;
  network: string[];
  snapshot: Snapshot | null;
  snapshotError: string | null;
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

function commonGitDir(cwd: string): string | null {
  const r = internalGit(cwd, ["rev-parse", "--path-format=absolute", "--git-common-dir"]);
  return r.ok ? r.out.trim() : null;
}

export function decideContainment(flags: ContainmentFlags, config: CcConfig, ws: Workspace, note: (line: string) => void): Containment {
  const consented = flags.sandbox === false || (flags.sandbox === undefined && config.rescueSandbox === "off");
  let network: string[];
  try {
    network = parseNetworkList([flags.network, ...(config.rescueNetwork ?? [])]);
  } catch (error) {
    throw new UsageError(`--network: ${(error as Error).message}`);
  }
  if (consented && flags.network !== undefined)
    throw new UsageError("--network only applies inside the sandbox; without it (--no-sandbox) the network is not restricted");

  // Refuse before anything is written: a snapshot of a run that never starts would be an orphan.
  if (!consented) {
    const available = sandboxAvailability();
    if (!available.ok && flags.readOnly) {
      // A read-only rescue is contained by its profile, as a review is; the OS sandbox is a second wall.
      note(`no OS sandbox here (${available.reason}): this read-only rescue is contained by its read-only profile alone, as reviews are`);
      return { sandbox: null, network: [], snapshot: null, snapshotError: null };
    }
    if (!available.ok) {
      throw new CcError(`cannot contain this rescue: ${available.reason}`, {
        hint: 'Install what is missing, or rerun with --no-sandbox (or set rescueSandbox to "off" in cc\'s config) to accept an unsandboxed run.',
      });
    }
  }
  let snapshot: Snapshot | null = null;
  let snapshotError: string | null = null;
  if (!flags.readOnly && flags.takeSnapshot !== false) {
    if (!gitDirOf(ws.cwd)) {
      snapshotError = "not a git repository";
      note("this directory is not a git repository: cc cannot take a snapshot, so this rescue cannot be undone with --undo");
    } else {
      try {
        snapshot = recordSnapshot(ws.cwd);
        const nested = nestedRepositories(ws.cwd, snapshot.state.worktree!);
        if (nested.length) {
          const named = nested.length > 5 ? `${nested.slice(0, 5).join(", ")} and ${nested.length - 5} more` : nested.join(", ");
          note(`--undo will not restore files changed inside the nested repositories ${named}: the snapshot holds each as its commit`);
        }
        if (!snapshot.state.index)
          note("the index has unresolved conflicts and is not in the snapshot: --undo will restore files, HEAD, branches, tags and the stash, not the index");
      } catch (error) {
        // In a repository the snapshot is the safety net: no net, no write run.
        const hint =
          error instanceof CcError && error.hint
            ? `${error.hint} Or run with --read-only.`
            : "Fix what git reports (a full disk, a damaged repository), or run with --read-only.";
        throw new CcError(`cannot take the snapshot that makes this rescue undoable: ${(error as Error).message}`, { hint });
      }
    }
  }
  if (consented) {
    note("running WITHOUT a sandbox (--no-sandbox): Claude's commands can write anywhere you can and reach the network");
    return { sandbox: null, network: [], snapshot, snapshotError };
  }
  const common = commonGitDir(ws.cwd);
  const sandbox: SandboxRequest = {
    network,
    // The snapshot's refs stay out of Claude's reach, so a hostile run cannot delete its own undo.
    denyWrite: snapshot && common ? [`${common}/${SNAPSHOT_NAMESPACE}`] : [],
    // A linked worktree keeps its refs and objects in the main repository's .git, outside the workspace.
    // Run from a subdirectory, the repository's top level (and its .git) must stay writable too.
    ...(!flags.readOnly ? { allowWrite: [...(ws.cwd !== ws.root ? [ws.root] : []), ...(common && !inside(ws.root, common) ? [common] : [])] } : {}),
    ...(flags.readOnly ? { readOnlyWorkspace: ws.root } : {}),
  };
  return { sandbox, network, snapshot, snapshotError };
}
