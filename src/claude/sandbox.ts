/**
 * Claude Code's own OS sandbox for rescue runs: every Bash command Claude runs (and whatever it
 * starts: sh -c, python, xargs, a git alias …) is confined by bubblewrap on Linux and seatbelt on
 * macOS — file writes only in the working directory and temp dirs, no network except through
 * Claude's filtering proxy. Whatever a command is spelled like, a push to a remote outside the
 * workspace, a write outside it, or a connection to a host not on the allow list fails.
 *
 * Measured on claude 2.1.197 (see README):
 * - the proxy's allow list is enforced under `acceptEdits`; under `bypassPermissions` every
 *   network request is approved, so a sandboxed run never uses bypassPermissions;
 * - Claude's Edit/Write tools are not sandboxed; `acceptEdits` keeps them inside the working
 *   directory (a write elsewhere is refused in -p);
 * - `.git/config` and `.git/hooks` are read-only inside the sandbox (no alias or hook planting);
 * - with bwrap or socat missing, claude prints "Sandbox disabled … Commands will run WITHOUT
 *   sandboxing" and goes on, unless `failIfUnavailable` is set, which cc always sets.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../lib/atomic-write.ts";
import { findInDirs, pathDirs } from "../lib/executables.ts";
import { gitQuery } from "../lib/git.ts";
import { ensurePrivateDir } from "../lib/private-dir.ts";

export interface SandboxRequest {
  /** Hosts Bash commands may reach through Claude's proxy (`*.example.com` wildcards allowed). */
  network: string[];
  /** Paths inside the writable area that stay read-only (cc's snapshot refs). */
  denyWrite: string[];
  /** Extra writable paths (a linked worktree's common git directory). */
  allowWrite?: string[];
  /** Read-only rescue: the working directory itself is read-only too. */
  readOnlyWorkspace?: string;
}

export type SandboxAvailability = { ok: true; mechanism: string } | { ok: false; reason: string };

/** What claude prints when it runs without the sandbox it was asked for (or refuses to start). */
export const SANDBOX_FAILURE_PATTERN = /Sandbox disabled|sandbox required but unavailable|running WITHOUT sandboxing|Commands will run WITHOUT sandboxing/i;

const SYSTEM_DIRS = ["/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin"];

/** bubblewrap must be able to make namespaces here (containers often forbid it). */
function bwrapWorks(bwrap: string): string | null {
  const r = spawnSync(bwrap, ["--ro-bind", "/", "/", "--dev", "/dev", "--unshare-net", "--unshare-pid", "--", "true"], {
    stdio: ["ignore", "ignore", "pipe"],
    timeout: 5000,
  });
  if (r.status === 0) return null;
  return (r.stderr?.toString().trim().split("\n")[0] ?? "") || `exit ${r.status ?? r.signal}`;
}

/** Can Claude's sandbox run on this machine? Checked by cc itself, before the run. */
export function sandboxAvailability(platform: NodeJS.Platform = process.platform, env: Record<string, string | undefined> = process.env): SandboxAvailability {
  if (platform === "darwin") {
    return findInDirs("sandbox-exec", ["/usr/bin"])
      ? { ok: true, mechanism: "seatbelt (sandbox-exec)" }
      : { ok: false, reason: "macOS sandbox-exec is missing" };
  }
  if (platform !== "linux") return { ok: false, reason: `Claude Code has no OS sandbox on ${platform}` };
  const dirs = [...pathDirs(env), ...SYSTEM_DIRS];
  const missing = ["bwrap", "socat"].filter((name) => !findInDirs(name, dirs));
  if (missing.length)
    return {
      ok: false,
      reason: `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not installed (Debian/Ubuntu: apt-get install bubblewrap socat)`,
    };
  const broken = bwrapWorks(findInDirs("bwrap", dirs)!);
  if (broken) return { ok: false, reason: `bubblewrap cannot create a sandbox here: ${broken}` };
  return { ok: true, mechanism: "bubblewrap" };
}

/** The `--settings` JSON that turns the sandbox on for one run, with no way around it. */
export function sandboxSettings(req: SandboxRequest): Record<string, unknown> {
  return {
    sandbox: {
      enabled: true,
      failIfUnavailable: true,
      // Claude may not rerun a refused command outside the sandbox (dangerouslyDisableSandbox).
      allowUnsandboxedCommands: false,
      // Sandboxed commands need no approval: the sandbox is the boundary, not a command list.
      autoAllowBashIfSandboxed: req.readOnlyWorkspace === undefined,
      network: { allowedDomains: req.network },
      filesystem: { allowWrite: req.allowWrite ?? [], denyWrite: [...req.denyWrite, ...(req.readOnlyWorkspace ? [req.readOnlyWorkspace] : [])] },
    },
  };
}

/** `--network a,b` and config entries → a clean host list (zod-checked shape, no URLs or ports). */
export function parseNetworkList(values: (string | undefined)[]): string[] {
  const hosts = values
    .flatMap((v) => (v ?? "").split(","))
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  for (const host of hosts) {
    if (!/^(\*|\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?$|^\*$/.test(host)) {
      throw new Error(`"${host}" is not a host name: give names like registry.npmjs.org or *.pypi.org, without scheme or port`);
    }
  }
  return [...new Set(hosts)];
}

/**
 * Inside the sandbox, claude masks the protected dotfiles a repository does not have with
 * /dev/null (measured on 2.1.197: .bashrc, .gitconfig, .gitmodules, .vscode …), and `git add -A`
 * then fails on them ("can only add regular files"). Claude's commands get an excludes file that
 * names them, after the user's own global excludes (git reads only one excludes file).
 */
// Claude 2.1.332 also masks its own project directory (`.claude/agents`, `.claude/hooks` …): git
// refuses to add those masks, so Claude's git skips `.claude/` (cc's own snapshot still records it).
const SANDBOX_MASKS = [
  ".bash_profile",
  ".bashrc",
  ".gitconfig",
  ".gitmodules",
  ".idea",
  ".mcp.json",
  ".profile",
  ".ripgreprc",
  ".vscode",
  ".zprofile",
  ".zshrc",
  ".bash_login",
  ".zshenv",
  ".claude/",
];

function userExcludes(env: Record<string, string | undefined>): string {
  const configured = gitQuery(process.cwd(), ["config", "--global", "--path", "core.excludesFile"], env);
  const path = configured.ok ? configured.out.trim() : join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config"), "git/ignore");
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** Environment for a sandboxed claude: git in its commands skips the sandbox's mask files. */
export function sandboxGitEnv(dataDir: string, env: Record<string, string | undefined>): Record<string, string> {
  const file = join(dataDir, "sandbox-git-excludes");
  try {
    ensurePrivateDir(dataDir);
    writeFileAtomic(file, `${userExcludes(env)}\n# cc: files Claude's sandbox masks with /dev/null\n${SANDBOX_MASKS.join("\n")}\n`, 0o644);
  } catch {
    return {}; // no room to write it: git add -A may trip over the masks, the run still goes on
  }
  const n = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
  return { GIT_CONFIG_COUNT: String(n + 1), [`GIT_CONFIG_KEY_${n}`]: "core.excludesFile", [`GIT_CONFIG_VALUE_${n}`]: file };
}
