/**
 * The `codex` CLI as cc uses it: version check, plugin and marketplace registration, plugin list,
 * and exec-policy checks. Every call is bounded by a timeout and every JSON reply is zod-parsed.
 */
import { z } from "zod";
import { CcError } from "../lib/errors.ts";
import { terminalHint } from "../lib/invocation.ts";

type Env = Record<string, string | undefined>;

/** The oldest Codex cc is tested against (plugin hooks, `plugin add`, `execpolicy check`). */
export const MIN_CODEX_VERSION = "0.169.0";

interface CodexRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface CodexCli {
  bin: string;
  env: Env;
}

/** Run codex with stdin closed and a hard timeout (an unreachable provider can make it wait forever). */
export async function runCodex(cli: CodexCli, args: string[], timeoutMs = 30000): Promise<CodexRun> {
  const child = Bun.spawn([cli.bin, ...args], { env: cli.env as Record<string, string>, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  const [stdout, stderr, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
  clearTimeout(timer);
  return { code: timedOut ? null : code, stdout, stderr, timedOut };
}

/** Codex's stderr without the noise it always prints (PATH-alias warnings, backtrace frames). */
export function codexErrorText(r: CodexRun): string {
  if (r.timedOut) return "timed out";
  const lines = `${r.stderr}\n${r.stdout}`
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("WARNING: proceeding") && !/^\d+: <unknown>$/.test(l) && l !== "Stack backtrace:");
  return lines.slice(0, 4).join(" | ") || `exit ${r.code}`;
}

async function runOrThrow(cli: CodexCli, args: string[], what: string, timeoutMs?: number): Promise<string> {
  const r = await runCodex(cli, args, timeoutMs);
  if (r.code !== 0) throw new CcError(`${what} failed: ${codexErrorText(r)}`, { hint: `Command: ${cli.bin} ${args.join(" ")}` });
  return r.stdout;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** `codex --version` → "0.169.0"; throws when codex does not answer like Codex. */
export async function codexVersion(cli: CodexCli): Promise<string> {
  const r = await runCodex(cli, ["--version"], 15000);
  const match = /codex(?:-cli)?\s+v?(\d+\.\d+\.\d+\S*)/i.exec(r.stdout);
  if (r.code !== 0 || !match) {
    throw new CcError(`${cli.bin} --version did not report a Codex version (${codexErrorText(r)})`, {
      hint: "Point --codex-bin (or CC_CODEX_BIN) at the Codex CLI.",
    });
  }
  return match[1]!;
}

/** Throws a clear error when codex is older than MIN_CODEX_VERSION. */
export async function assertSupportedCodex(cli: CodexCli): Promise<string> {
  const version = await codexVersion(cli);
  if (compareVersions(version, MIN_CODEX_VERSION) < 0) {
    throw new CcError(`codex ${version} is older than ${MIN_CODEX_VERSION}, the oldest version cc supports`, {
      hint: `Update Codex (npm install -g @openai/codex@latest, or \`codex update\`), then run ${terminalHint("install")} again.`,
    });
  }
  return version;
}

const pluginEntry = z
  .object({
    pluginId: z.string(),
    installed: z.boolean(),
    enabled: z.boolean(),
    version: z.string().nullish(),
    source: z.object({ path: z.string().optional() }).passthrough().nullish(),
  })
  .passthrough();
const pluginListSchema = z.object({ installed: z.array(pluginEntry), available: z.array(pluginEntry).optional() }).passthrough();
export type PluginEntry = z.infer<typeof pluginEntry>;

/** `codex plugin list --json`: every installed plugin. */
export async function listPlugins(cli: CodexCli): Promise<PluginEntry[]> {
  const out = await runOrThrow(cli, ["plugin", "list", "--json"], "codex plugin list");
  let json: unknown;
  try {
    json = JSON.parse(out);
  } catch {
    throw new CcError(`codex plugin list --json printed something that is not JSON: ${out.slice(0, 200)}`);
  }
  const parsed = pluginListSchema.safeParse(json);
  if (!parsed.success)
    throw new CcError(`codex plugin list --json has an unexpected shape: ${parsed.error.issues[0]?.message}`, {
      hint: `cc supports codex ${MIN_CODEX_VERSION} and later.`,
    });
  return parsed.data.installed;
}

const marketplaceListSchema = z.object({ marketplaces: z.array(z.object({ name: z.string(), root: z.string().nullish() }).passthrough()) }).passthrough();

export async function listMarketplaces(cli: CodexCli): Promise<{ name: string; root: string | null }[]> {
  const out = await runOrThrow(cli, ["plugin", "marketplace", "list", "--json"], "codex plugin marketplace list");
  const parsed = marketplaceListSchema.safeParse(JSON.parse(out || "{}"));
  if (!parsed.success) throw new CcError(`codex plugin marketplace list --json has an unexpected shape: ${parsed.error.issues[0]?.message}`);
  return parsed.data.marketplaces.map((m) => ({ name: m.name, root: m.root ?? null }));
}

export const addMarketplace = (cli: CodexCli, root: string) => runOrThrow(cli, ["plugin", "marketplace", "add", root], "codex plugin marketplace add");
export const addPlugin = (cli: CodexCli, pluginId: string) => runOrThrow(cli, ["plugin", "add", pluginId], "codex plugin add");
export const removePlugin = (cli: CodexCli, pluginId: string) => runOrThrow(cli, ["plugin", "remove", pluginId], "codex plugin remove");
export const removeMarketplace = (cli: CodexCli, name: string) => runOrThrow(cli, ["plugin", "marketplace", "remove", name], "codex plugin marketplace remove");

const policyCheckSchema = z.object({ decision: z.string().optional(), matchedRules: z.array(z.unknown()) }).passthrough();

/**
 * `codex execpolicy check --rules <file>… <argv…>` → the decision ("allow", "prompt", "forbidden")
 * or null when no rule matched. Several files are judged together, as Codex loads them.
 */
export async function execpolicyDecision(cli: CodexCli, rulesFiles: string | string[], argv: string[]): Promise<string | null> {
  const files = typeof rulesFiles === "string" ? [rulesFiles] : rulesFiles;
  const r = await runCodex(cli, ["execpolicy", "check", ...files.flatMap((f) => ["--rules", f]), ...argv], 15000);
  if (r.code !== 0) throw new CcError(`codex rejected the rules file${files.length === 1 ? "" : "s"} ${files.join(", ")}: ${codexErrorText(r)}`);
  const parsed = policyCheckSchema.safeParse(JSON.parse(r.stdout || "{}"));
  if (!parsed.success) throw new CcError(`codex execpolicy check printed an unexpected reply: ${r.stdout.slice(0, 200)}`);
  return parsed.data.decision ?? null;
}
