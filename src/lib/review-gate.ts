/**
 * The stop-time review gate, per workspace (as cc-plugin-codex keeps it), with a global default:
 * `reviewGateByWorkspace[<workspace root>]` in cc's config.json wins, else `reviewGate` (the
 * setting every cc so far wrote), else off. Hooks ask `reviewGateEnabled(root)`; `cc setup
 * --enable-review-gate` / `--disable-review-gate` set it for the workspace they run in.
 */
import { realpathSync } from "node:fs";
import { type CcConfig, readConfig, updateConfig } from "./config.ts";
import { configPath } from "./paths.ts";

/** One key per workspace however it is spelled (a symlink, a trailing slash). */
function workspaceKey(workspaceRoot: string): string {
  try {
    return realpathSync(workspaceRoot);
  } catch {
    return workspaceRoot.replace(/\/+$/, "") || "/";
  }
}

export interface ReviewGateSetting {
  enabled: boolean;
  /** Where the answer came from. */
  source: "workspace" | "global default" | "off by default";
}

export function reviewGateSetting(workspaceRoot: string, config: CcConfig = readConfig()): ReviewGateSetting {
  const own = config.reviewGateByWorkspace?.[workspaceKey(workspaceRoot)];
  if (own !== undefined) return { enabled: own, source: "workspace" };
  if (config.reviewGate !== undefined) return { enabled: config.reviewGate, source: "global default" };
  return { enabled: false, source: "off by default" };
}

/** Is the review gate on for this workspace? */
export function reviewGateEnabled(workspaceRoot: string, config: CcConfig = readConfig()): boolean {
  return reviewGateSetting(workspaceRoot, config).enabled;
}

/** Turn the gate on or off for one workspace; the global default is left as it is. */
export function setReviewGate(workspaceRoot: string, enabled: boolean, path: string = configPath()): void {
  const current = readConfig(path).reviewGateByWorkspace ?? {};
  updateConfig({ reviewGateByWorkspace: { ...current, [workspaceKey(workspaceRoot)]: enabled } }, path);
}
