/**
 * Named permission profiles: what each kind of work lets Claude do, as data. Both profiles ignore the
 * repository's own Claude settings (`--setting-sources user`) and MCP servers (`--strict-mcp-config`):
 * otherwise a reviewed repository runs code through its `.claude/` hooks and `.mcp.json`.
 */
import type { CcConfig } from "../lib/config.ts";
import type { ProfileName } from "./types.ts";

type PermissionMode = "dontAsk" | "acceptEdits" | "bypassPermissions";

export interface PermissionProfile {
  name: ProfileName;
  /** What the profile is for, shown by `cc setup`. */
  purpose: string;
  permissionMode: PermissionMode;
  /** The built-in tools that exist in the run (`--tools`); null keeps Claude's default set. */
  tools: string[] | null;
  /** Allow rules (`--allowedTools`). The read-only profile has none: they widen the read-only classifier. */
  allowedTools: string[];
  /** Deny rules (`--disallowedTools`); they hold even under bypassPermissions. */
  disallowedTools: string[];
}

/**
 * Irreversible or outward-facing operations, refused as a courtesy only: these are prefix rules and
 * any of them can be spelled around (`git -C . push`, `sh -c`, an alias …). What a rescue cannot do
 * is set by the sandbox (src/claude/sandbox.ts); what it did is undone from its snapshot.
 */
const WRITE_DENY_RULES = [
  "Bash(git push:*)",
  "Bash(git reset --hard:*)",
  "Bash(git rebase:*)",
  "Bash(git commit --amend:*)",
  "Bash(git filter-branch:*)",
  "Bash(git filter-repo:*)",
  "Bash(git reflog expire:*)",
  "Bash(git update-ref:*)",
  "Bash(git clean:*)",
  "Bash(git stash drop:*)",
  "Bash(git stash clear:*)",
  "Bash(git branch -D:*)",
  "Bash(git tag -d:*)",
  "Bash(git checkout -- :*)",
  "Bash(git restore:*)",
  "Bash(git gc --prune:*)",
  "Bash(sudo:*)",
  "Bash(rm -rf /:*)",
  "Bash(rm -rf ~:*)",
];

/** The built-in tools of a rescue run. */
export const WRITE_TOOLS = ["Read", "Grep", "Glob", "Bash", "Edit", "Write", "NotebookEdit"];

export const PROFILES: Record<ProfileName, PermissionProfile> = {
  "read-only": {
    name: "read-only",
    purpose: "review, adversarial review and the stop gate: reads files and runs read-only commands, changes nothing",
    permissionMode: "dontAsk",
    tools: ["Read", "Grep", "Glob", "Bash"],
    allowedTools: [],
    disallowedTools: [],
  },
  // A read-only rescue investigates, and the answer is often outside the repository (a library's
  // changelog, an error message). Reviews and the gate keep the plain read-only profile: their input
  // is the repository itself, which could try to send its contents somewhere through a fetch.
  "read-only-web": {
    name: "read-only-web",
    purpose: "read-only rescue (investigation): the read-only profile plus web search and fetch",
    permissionMode: "dontAsk",
    tools: ["Read", "Grep", "Glob", "Bash", "WebSearch", "WebFetch"],
    // Under dontAsk the web tools need allow rules; these name no Bash command, so the read-only
    // classifier for Bash stays exactly as narrow as in the read-only profile.
    allowedTools: ["WebSearch", "WebFetch"],
    disallowedTools: [],
  },
  write: {
    name: "write",
    purpose:
      "rescue: edits files and runs the shell inside Claude Code's OS sandbox (writes only in the workspace, no network unless allowed), after a snapshot that `cc rescue --undo` restores",
    permissionMode: "bypassPermissions",
    // Pinned: Claude's default set changes with every release (2.1.332 added Monitor, ToolSearch,
    // ListAgents…; it has cron jobs, worktrees and web access). A rescue reads, edits and runs the shell.
    tools: WRITE_TOOLS,
    allowedTools: [],
    disallowedTools: WRITE_DENY_RULES,
  },
};

/**
 * The profile with cc's config applied. Only `write` is configurable (`writeProfile` in config.json):
 * each given field replaces the default, so a user can also drop a deny rule.
 */
export function resolveProfile(name: ProfileName, config: CcConfig = {}): PermissionProfile {
  const base = PROFILES[name];
  if (name !== "write" || !config.writeProfile) return base;
  const o = config.writeProfile;
  return {
    ...base,
    permissionMode: o.permissionMode ?? base.permissionMode,
    allowedTools: o.allowedTools ?? base.allowedTools,
    disallowedTools: o.disallowedTools ?? base.disallowedTools,
  };
}

/**
 * Inside the sandbox the write profile runs under acceptEdits: the sandbox bounds Bash, acceptEdits
 * keeps Edit/Write in the working directory, and (measured) bypassPermissions would approve every
 * network request past the sandbox proxy's allow list. The deny rules stay, as a courtesy only.
 */
export function sandboxedProfile(profile: PermissionProfile): PermissionProfile {
  return profile.name === "write" ? { ...profile, permissionMode: "acceptEdits" } : profile;
}

/** claude's flags for a profile. Every list is one argv word, so no variadic flag can swallow the next one. */
export function profileArgs(profile: PermissionProfile): string[] {
  const args = ["--permission-mode", profile.permissionMode, "--setting-sources", "user", "--strict-mcp-config"];
  if (profile.tools) args.push("--tools", profile.tools.join(","));
  if (profile.allowedTools.length) args.push("--allowedTools", profile.allowedTools.join(","));
  if (profile.disallowedTools.length) args.push("--disallowedTools", profile.disallowedTools.join(","));
  return args;
}

/** Environment a profile needs: claude refuses bypassPermissions as root unless IS_SANDBOX=1. */
export function profileEnv(profile: PermissionProfile, uid: number | null = process.getuid?.() ?? null): Record<string, string> {
  return profile.permissionMode === "bypassPermissions" && uid === 0 ? { IS_SANDBOX: "1" } : {};
}
