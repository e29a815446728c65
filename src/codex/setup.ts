/**
 * `cc setup`: one line per check, ✓ or ✗ with the fix. Checks run in parallel where they are
 * independent; every external call is bounded.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";
import { readConfig } from "../lib/config.ts";
import { treeEquals } from "../lib/file-tree.ts";
import { ccHint, terminalHint } from "../lib/invocation.ts";
import { configPath, PLUGIN_ID } from "../lib/paths.ts";
import { reviewGateSetting, setReviewGate } from "../lib/review-gate.ts";
import { MCP_SERVER_NAME } from "../mcp/registration.ts";
import { TOOLS } from "../mcp/tools.ts";
import { withAppServer } from "./app-server.ts";
import { type CodexCli, codexVersion, compareVersions, listPlugins, MIN_CODEX_VERSION } from "./codex-cli.ts";
import { type Hook, listCcHooks, trustCcHooks } from "./hook-trust.ts";
import { findCodex } from "./locate.ts";
import { installLocations } from "./locations.ts";
import { payloadHasHooks, renderPluginFiles, SKILL_NAMES } from "./plugin-files.ts";
import { checkSandbox, probeWrite } from "./preflight.ts";
import { checkRules, type RulesVerdict } from "./rules-check.ts";
import { type Check, claudeChecks, type Env, message, offerClaudeInstall, rescueSandboxCheck } from "./setup-claude.ts";

export interface SetupReport {
  ready: boolean;
  checks: Check[];
  /** The review gate of the workspace setup ran in. */
  reviewGate: boolean;
  reviewGateWorkspace: string;
  /** "workspace", "global default" or "off by default". */
  reviewGateSource: string;
  actionsTaken: string[];
}

const skillsListSchema = z
  .object({
    data: z.array(
      z
        .object({ skills: z.array(z.object({ name: z.string(), enabled: z.boolean().optional(), pluginId: z.string().nullish() }).passthrough()) })
        .passthrough(),
    ),
  })
  .passthrough();

const mcpStatusSchema = z
  .object({
    data: z.array(
      z
        .object({
          name: z.string(),
          pluginId: z.string().nullish(),
          tools: z.union([z.record(z.string(), z.unknown()), z.array(z.object({ name: z.string() }).passthrough())]).nullish(),
        })
        .passthrough(),
    ),
  })
  .passthrough();

/** Whether Codex starts cc's MCP server (from the plugin) and which of its tools it lists. */
function mcpCheck(status: z.infer<typeof mcpStatusSchema> | string): Check {
  const fix = `Run ${terminalHint("install")} in a terminal (the plugin declares the server), then ${ccHint("setup")} again.`;
  if (typeof status === "string") return { id: "mcp", ok: false, optional: true, detail: `Codex did not list its MCP servers: ${status}`, fix };
  const server = status.data.find((s) => s.name === MCP_SERVER_NAME);
  if (!server) return { id: "mcp", ok: false, optional: true, detail: `Codex has no MCP server "${MCP_SERVER_NAME}"`, fix };
  const tools = Array.isArray(server.tools) ? server.tools.map((t) => t.name) : Object.keys(server.tools ?? {});
  const missing = TOOLS.map((t) => t.name).filter((name) => !tools.includes(name));
  if (missing.length > 0)
    return {
      id: "mcp",
      ok: false,
      optional: true,
      detail: `Codex's "${MCP_SERVER_NAME}" server lacks ${missing.join(", ")} (it lists ${tools.join(", ") || "none"})`,
      fix,
    };
  const from = server.pluginId ? `from the plugin ${server.pluginId}` : "from config.toml";
  return {
    id: "mcp",
    ok: true,
    optional: true,
    detail: `Codex sees the server "${MCP_SERVER_NAME}" (${from}) and its ${tools.length} tools: ${tools.map((t) => `mcp__${MCP_SERVER_NAME}__${t}`).join(" ")}`,
  };
}

async function codexChecks(env: Env, codexBin: string | undefined): Promise<Check[]> {
  const where = installLocations(env);
  let cli: CodexCli;
  try {
    cli = { bin: findCodex(codexBin, env).path, env: { ...env, CODEX_HOME: where.codexHome } };
  } catch (error) {
    return [{ id: "codex", ok: false, detail: message(error), fix: "Install the Codex CLI: npm install -g @openai/codex" }];
  }
  const checks: Check[] = [];
  try {
    const version = await codexVersion(cli);
    checks.push(
      compareVersions(version, MIN_CODEX_VERSION) >= 0
        ? { id: "codex", ok: true, detail: `${cli.bin} (${version})` }
        : {
            id: "codex",
            ok: false,
            detail: `${cli.bin} is ${version}, older than ${MIN_CODEX_VERSION}`,
            fix: "Update Codex: npm install -g @openai/codex@latest",
          },
    );
  } catch (error) {
    return [{ id: "codex", ok: false, detail: message(error), fix: "Point --codex-bin (or CC_CODEX_BIN) at the Codex CLI." }];
  }

  const [plugins, fromServer] = await Promise.all([
    listPlugins(cli).catch((error) => message(error)),
    withAppServer(cli, async (s) => ({
      skills: await s.request("skills/list", { cwds: [process.cwd()], forceReload: true }, skillsListSchema),
      hooks: await listCcHooks(s, process.cwd()),
      // Codex starts a temporary `cc mcp` to list its tools.
      mcp: await s.request("mcpServerStatus/list", {}, mcpStatusSchema).catch((error) => message(error)),
    })).catch((error) => message(error)),
  ]);
  const skills = typeof fromServer === "string" ? fromServer : fromServer.skills;
  const cc = typeof plugins === "string" ? null : plugins.find((p) => p.pluginId === PLUGIN_ID);
  const skillFile = join(where.pluginCache, "skills", "review", "SKILL.md");
  const namesBinary = existsSync(skillFile) && readFileSync(skillFile, "utf8").includes(where.binary);
  if (typeof plugins === "string") checks.push({ id: "plugin", ok: false, detail: plugins, fix: `Run ${terminalHint("install")} in a terminal.` });
  else if (!cc?.installed)
    checks.push({
      id: "plugin",
      ok: false,
      detail: `${PLUGIN_ID} is not installed in ${where.codexHome}`,
      fix: `Run ${terminalHint("install")} in a terminal.`,
    });
  else if (!cc.enabled)
    checks.push({
      id: "plugin",
      ok: false,
      detail: `${PLUGIN_ID} is installed but disabled`,
      fix: `Run ${terminalHint("install")} in a terminal to enable it again.`,
    });
  else if (!existsSync(where.binary) || !namesBinary)
    checks.push({
      id: "plugin",
      ok: false,
      detail: `the installed skills do not point at ${where.binary}`,
      fix: `Run ${terminalHint("install")} again, in a terminal.`,
    });
  else checks.push({ id: "plugin", ok: true, detail: `${PLUGIN_ID} installed and enabled, runs ${where.binary}` });

  if (typeof skills === "string")
    checks.push({
      id: "skills",
      ok: false,
      detail: `Codex did not list its skills: ${skills}`,
      fix: `Run ${terminalHint("install")} in a terminal, then ${ccHint("setup")} again.`,
    });
  else {
    const visible = new Set(
      skills.data
        .flatMap((d) => d.skills)
        .filter((s) => s.pluginId === PLUGIN_ID && s.enabled !== false)
        .map((s) => s.name),
    );
    const missing = SKILL_NAMES.filter((name) => !visible.has(`cc:${name}`));
    checks.push(
      missing.length === 0
        ? { id: "skills", ok: true, detail: `Codex sees all ${SKILL_NAMES.length}: ${SKILL_NAMES.map((n) => `$cc:${n}`).join(" ")}` }
        : {
            id: "skills",
            ok: false,
            detail: `Codex does not see ${missing.map((n) => `$cc:${n}`).join(", ")}`,
            fix: `Run ${terminalHint("install")} in a terminal.`,
          },
    );
  }

  checks.push(hooksCheck(typeof fromServer === "string" ? fromServer : fromServer.hooks));
  checks.push(mcpCheck(typeof fromServer === "string" ? fromServer : fromServer.mcp));
  checks.push(await rulesCheck(cli, where.codexHome, where.binary));
  return checks;
}

/** From what Codex would do: the rules files it loads, judged by `codex execpolicy check`. */
async function rulesCheck(cli: CodexCli, codexHome: string, binary: string): Promise<Check> {
  const install = `${terminalHint("install", "--rules")} in a terminal`;
  let verdict: RulesVerdict;
  try {
    verdict = await checkRules(cli, codexHome, binary);
  } catch (error) {
    // A rules file Codex cannot load stops `codex exec` from starting: not optional.
    return { id: "rules", ok: false, detail: message(error), fix: `Fix or remove that file; ${install} writes a checked cc.rules.` };
  }
  const names = (list: readonly string[]) => list.map((n) => `$cc:${n}`).join(" ");
  const from = verdict.files.map((f) => basename(f)).join(", ");
  const broader = verdict.broader.length
    ? `${from} also let${verdict.files.length === 1 ? "s" : ""} Codex run ${verdict.broader.map((sub) => `\`${binary} ${sub}\``).join(" and ")} without asking (a rule for the bare path allows every cc command); cc.rules allows the skills' commands alone.`
    : undefined;
  const withBroader = (check: Check): Check => (broader ? { ...check, warning: broader } : check);
  if (verdict.allowed.length === SKILL_NAMES.length)
    return withBroader({ id: "rules", ok: true, detail: `Codex runs every cc skill command without asking (allowed by ${from})` });
  const asks = SKILL_NAMES.filter((n) => !verdict.allowed.includes(n));
  const detail =
    verdict.allowed.length === 0
      ? 'no rule lets Codex run cc unasked: in its sandbox Codex asks once per skill command ("don\'t ask again" remembers it), and `codex exec` cannot run cc'
      : `Codex runs ${names(verdict.allowed)} without asking (${from}); it asks before ${names(asks)}`;
  return withBroader({ id: "rules", ok: false, optional: true, detail, fix: `to stop the prompts, ${install}` });
}

/** Trust status of each cc hook as Codex reports it (`hooks/list`), with the fix for each state. */
function hooksCheck(hooks: Hook[] | string): Check {
  if (typeof hooks === "string")
    return {
      id: "hooks",
      ok: false,
      optional: true,
      detail: `Codex did not list its hooks: ${hooks}`,
      fix: `Run ${terminalHint("install")} in a terminal, then ${ccHint("setup")} again.`,
    };
  if (!payloadHasHooks()) return { id: "hooks", ok: true, optional: true, detail: "this cc ships no hooks" };
  if (hooks.length === 0)
    return { id: "hooks", ok: false, optional: true, detail: "Codex lists none of cc's hooks", fix: `Run ${terminalHint("install")} in a terminal.` };
  const byStatus = (status: string) =>
    hooks
      .filter((h) => (status === "other" ? !["trusted", "untrusted", "modified"].includes(h.trustStatus) : h.trustStatus === status))
      .map((h) => h.eventName);
  const [trusted, untrusted, modified, other] = ["trusted", "untrusted", "modified", "other"].map(byStatus) as [string[], string[], string[], string[]];
  if (untrusted.length === 0 && modified.length === 0 && other.length === 0) {
    return { id: "hooks", ok: true, optional: true, detail: `${trusted.length} trusted: ${trusted.join(", ")}` };
  }
  const parts = [
    modified.length ? `modified since trusted (Codex will not run them): ${modified.join(", ")}` : "",
    untrusted.length ? `untrusted (Codex skips them): ${untrusted.join(", ")}` : "",
    other.length ? `unknown state: ${other.join(", ")}` : "",
    trusted.length ? `trusted: ${trusted.join(", ")}` : "",
  ].filter(Boolean);
  const fix = modified.length
    ? `Run ${terminalHint("install", "--trust-hooks")} in a terminal (it rewrites the plugin files and trusts them again).`
    : `Run ${terminalHint("setup", "--trust-hooks")} in a terminal, or approve them in Codex's /hooks review.`;
  return { id: "hooks", ok: false, optional: true, detail: parts.join("; "), fix };
}

/** `cc setup --trust-hooks`: trust cc's hooks as installed, but only when the plugin files are the ones this cc writes. */
async function repairHookTrust(env: Env, codexBin: string | undefined): Promise<string> {
  const where = installLocations(env);
  const cli: CodexCli = { bin: findCodex(codexBin, env).path, env: { ...env, CODEX_HOME: where.codexHome } };
  if (!treeEquals(where.pluginCache, renderPluginFiles(where.binary))) {
    return `Did not trust cc's hooks: the installed plugin files in ${where.pluginCache} are not the ones this cc writes. Run ${terminalHint("install", "--trust-hooks")} in a terminal.`;
  }
  const result = await withAppServer(cli, (s) => trustCcHooks(s, process.cwd()));
  return result.trustedNow
    ? `Trusted ${result.trustedNow} cc hook${result.trustedNow === 1 ? "" : "s"} (${result.total} in all).`
    : `cc's ${result.total} hooks were already trusted.`;
}

async function localChecks(env: Env): Promise<Check[]> {
  const dir = installLocations(env).dataDir;
  const write = probeWrite(dir);
  const sandbox = await checkSandbox({ env, force: true });
  return [
    write
      ? { id: "data-dir", ok: false, detail: `${dir} is not writable (${write})`, fix: "Fix its permissions, or set CC_DATA_DIR." }
      : { id: "data-dir", ok: true, detail: `${dir} is writable` },
    sandbox.sandboxed
      ? {
          id: "sandbox",
          ok: false,
          detail: `cc runs inside Codex's sandbox: ${sandbox.reasons.join("; ")}`,
          fix: `Run cc outside Codex's sandbox: ${terminalHint("install", "--rules")} in a terminal, or approve the escalation when Codex asks.`,
        }
      : { id: "sandbox", ok: true, detail: "cc runs outside Codex's sandbox here (loopback network and the data dir are usable)" },
    rescueSandboxCheck(env),
  ];
}

export async function runSetup(opts: {
  env: Env;
  codexBin?: string;
  reviewGate?: boolean;
  workspaceRoot: string;
  trustHooks?: boolean;
  /** Install what is missing (Claude Code) without asking. */
  yes?: boolean;
  /** Ask before installing (a terminal, outside Codex). */
  ask?: (question: string) => Promise<boolean>;
}): Promise<SetupReport> {
  const actionsTaken: string[] = [];
  const installed = await offerClaudeInstall(opts.env, { ...(opts.yes ? { yes: true } : {}), ...(opts.ask ? { ask: opts.ask } : {}) });
  if (installed) actionsTaken.push(installed);
  if (opts.trustHooks) actionsTaken.push(await repairHookTrust(opts.env, opts.codexBin).catch((error) => `Could not trust cc's hooks: ${message(error)}`));
  if (opts.reviewGate !== undefined) {
    setReviewGate(opts.workspaceRoot, opts.reviewGate, configPath(opts.env));
    actionsTaken.push(`${opts.reviewGate ? "Enabled" : "Disabled"} the stop-time review gate for ${opts.workspaceRoot} (stored in ${configPath(opts.env)}).`);
  }
  const [claude, codex, local] = await Promise.all([claudeChecks(opts.env), codexChecks(opts.env, opts.codexBin), localChecks(opts.env)]);
  const checks = [...claude, ...codex, ...local];
  return {
    ready: checks.every((c) => c.ok || c.optional),
    checks,
    ...gate(opts.workspaceRoot, opts.env),
    actionsTaken,
  };
}

function gate(workspaceRoot: string, env: Env): Pick<SetupReport, "reviewGate" | "reviewGateWorkspace" | "reviewGateSource"> {
  const setting = reviewGateSetting(workspaceRoot, readConfig(configPath(env)));
  return { reviewGate: setting.enabled, reviewGateWorkspace: workspaceRoot, reviewGateSource: setting.source };
}

const LABELS: Record<string, string> = {
  claude: "claude",
  auth: "claude login",
  codex: "codex",
  plugin: "plugin",
  skills: "skills",
  rules: "rules file",
  hooks: "hooks",
  mcp: "MCP server",
  "data-dir": "data dir",
  sandbox: "codex sandbox",
  "rescue-sandbox": "rescue sandbox",
};

export function renderSetup(report: SetupReport): string {
  const lines: string[] = [];
  for (const action of report.actionsTaken) lines.push(`→ ${action}`);
  for (const c of report.checks) {
    // An optional check that is off is not a failure: no ✗ next to "cc is ready".
    const mark = c.ok ? "✓" : c.optional ? "–" : "✗";
    const label = `${LABELS[c.id] ?? c.id}${c.optional && !c.ok ? " (optional)" : ""}`;
    lines.push(`${mark} ${label}: ${c.detail}${!c.ok && c.fix ? ` — ${c.optional ? "" : "fix: "}${c.fix}` : ""}`);
    if (c.warning) lines.push(`  ! ${c.warning}`);
  }
  const toggle = ccHint("setup", `--${report.reviewGate ? "disable" : "enable"}-review-gate`);
  lines.push(
    `  review gate: ${report.reviewGate ? "on" : "off"} for ${report.reviewGateWorkspace} (${report.reviewGateSource}; ${toggle} turns it ${report.reviewGate ? "off" : "on"} here)`,
  );
  lines.push(report.ready ? "cc is ready." : "cc is not ready: fix the ✗ lines above.");
  return `${lines.join("\n")}\n`;
}
