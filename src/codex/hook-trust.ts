/**
 * Trusting cc's plugin hooks, and removing the trust entries Codex leaves behind.
 *
 * Codex runs no plugin hook until it is trusted; trust lives in config.toml as
 * `[hooks.state."<key>"]` with the hook's hashes, written through the app-server's
 * `config/batchWrite` (the same thing Codex's own /hooks review does). `codex plugin remove` keeps
 * those entries, so uninstall removes them itself.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CcError } from "../lib/errors.ts";
import { PLUGIN_ID } from "../lib/paths.ts";
import type { AppServer } from "./app-server.ts";

const hookSchema = z
  .object({
    key: z.string(),
    eventName: z.string(),
    pluginId: z.string().nullish(),
    currentHash: z.string(),
    trustStatus: z.string(),
  })
  .passthrough();
const hooksListSchema = z.object({ data: z.array(z.object({ hooks: z.array(hookSchema) }).passthrough()) }).passthrough();
const writeSchema = z.object({ status: z.string() }).passthrough();

export type Hook = z.infer<typeof hookSchema>;

export async function listCcHooks(server: AppServer, cwd: string): Promise<Hook[]> {
  const reply = await server.request("hooks/list", { cwds: [cwd] }, hooksListSchema);
  const seen = new Map<string, Hook>();
  for (const entry of reply.data) for (const hook of entry.hooks) if (hook.pluginId === PLUGIN_ID) seen.set(hook.key, hook);
  return [...seen.values()];
}

/** Trust every cc hook that is not trusted yet; returns how many were trusted now and in total. */
export async function trustCcHooks(server: AppServer, cwd: string): Promise<{ trustedNow: number; total: number }> {
  const hooks = await listCcHooks(server, cwd);
  const pending = hooks.filter((h) => h.trustStatus !== "trusted");
  if (pending.length > 0) {
    const value = Object.fromEntries(pending.map((h) => [h.key, { trusted_hash: h.currentHash }]));
    const reply = await server.request("config/batchWrite", { edits: [{ keyPath: "hooks.state", value, mergeStrategy: "upsert" }] }, writeSchema);
    if (reply.status !== "ok" && reply.status !== "okOverridden") throw new CcError(`Codex did not store the hook trust (status ${reply.status})`);
  }
  const after = await listCcHooks(server, cwd);
  const untrusted = after.filter((h) => h.trustStatus !== "trusted");
  if (untrusted.length > 0) throw new CcError(`Codex still reports ${untrusted.length} cc hook(s) as ${untrusted[0]!.trustStatus}`);
  return { trustedNow: pending.length, total: after.length };
}

/** The `hooks` table of config.toml (read-only peek; writes go through the app-server). */
function readHooksTable(codexHomeDir: string): ({ state?: Record<string, unknown> } & Record<string, unknown>) | null {
  let text: string;
  try {
    text = readFileSync(join(codexHomeDir, "config.toml"), "utf8");
  } catch {
    return null;
  }
  try {
    const config = Bun.TOML.parse(text) as { hooks?: { state?: Record<string, unknown> } & Record<string, unknown> };
    return config.hooks ?? null;
  } catch (error) {
    throw new CcError(`${join(codexHomeDir, "config.toml")} is not valid TOML: ${(error as Error).message}`);
  }
}

/** The `hooks.state` table of config.toml: each trusted hook's hashes, by key. */
export const readHookState = (codexHomeDir: string): Record<string, unknown> => readHooksTable(codexHomeDir)?.state ?? {};

export const ccTrustKeys = (state: Record<string, unknown>): string[] => Object.keys(state).filter((key) => key.startsWith(`${PLUGIN_ID}:`));

/** Drop cc's entries from `hooks.state`, keeping everyone else's. Returns how many were removed. */
export async function removeCcTrust(server: AppServer, codexHomeDir: string): Promise<number> {
  const state = readHookState(codexHomeDir);
  const ours = ccTrustKeys(state);
  if (ours.length === 0) return 0;
  // A null value deletes the key, and Codex drops the tables that become empty.
  const edits = ours.map((key) => ({ keyPath: `hooks.state.${JSON.stringify(key)}`, value: null, mergeStrategy: "replace" }));
  await server.request("config/batchWrite", { edits }, writeSchema);
  // Codex keeps a `[hooks.state]` (and `[hooks]`) table emptied this way: remove what cc's entries leave empty.
  const hooks = readHooksTable(codexHomeDir);
  if (hooks?.state && Object.keys(hooks.state).length === 0) {
    const whole = Object.keys(hooks).length === 1;
    await server.request("config/batchWrite", { edits: [{ keyPath: whole ? "hooks" : "hooks.state", value: null, mergeStrategy: "replace" }] }, writeSchema);
  }
  const left = ccTrustKeys(readHookState(codexHomeDir));
  if (left.length > 0)
    throw new CcError(`Codex kept ${left.length} cc hook trust entr${left.length === 1 ? "y" : "ies"} in config.toml`, {
      hint: `Remove the [hooks.state."${left[0]}"] tables by hand.`,
    });
  return ours.length;
}
