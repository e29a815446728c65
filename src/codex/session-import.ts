/**
 * Codex's own Claude-session importer, `externalAgentConfig/import` on the app-server (the one the
 * Codex app uses for "import Claude history"), measured on codex 0.169.0:
 * - it answers `{importId}` at once and reports through `externalAgentConfig/import/completed`,
 *   whose `successes[].target` is the thread id (no need to read Codex's ledger file);
 * - importing a session again after it grew appends the new turns to the same thread;
 * - importing an unchanged session reports neither success nor failure; so does importing a grown
 *   session whose thread was continued in Codex meanwhile (the new turns are not added);
 * - it only imports sessions it detects itself (under ~/.claude/projects, recent ones): others fail
 *   with `session_not_detected`.
 * A Codex without the method answers "unknown variant"; that becomes a clear "update Codex".
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import { CcError } from "../lib/errors.ts";
import { type AppServer, withAppServer } from "./app-server.ts";
import type { CodexCli } from "./codex-cli.ts";

const IMPORT_METHOD = "externalAgentConfig/import";
const COMPLETED = "externalAgentConfig/import/completed";

const importReply = z.looseObject({ importId: z.string() });
const success = z.looseObject({ itemType: z.string(), source: z.string().nullish(), target: z.string().nullish(), cwd: z.string().nullish() });
const failure = z.looseObject({
  itemType: z.string(),
  message: z.string().catch(""),
  subErrorType: z.string().nullish(),
  failureStage: z.string().nullish(),
  source: z.string().nullish(),
});
const completed = z.looseObject({
  importId: z.string(),
  itemTypeResults: z.array(z.looseObject({ itemType: z.string(), successes: z.array(success).catch([]), failures: z.array(failure).catch([]) })).catch([]),
});
const ledger = z.looseObject({
  records: z.array(z.looseObject({ source_path: z.string(), imported_thread_id: z.string(), content_sha256: z.string().nullish() })).catch([]),
});

/** imported: Codex made or extended `thread`. skipped: Codex reported nothing; what its ledger says. */
export type SessionImport = { kind: "imported"; thread: string } | { kind: "skipped"; ledger: { thread: string; sha256: string | null } | null };

const samePath = (a: string, b: string) => (process.platform === "win32" ? resolve(a).toLowerCase() === resolve(b).toLowerCase() : resolve(a) === resolve(b));

/** What Codex's import ledger says about `path`: the thread and the hash of the content imported. */
function ledgerEntry(codexHomeDir: string, path: string): { thread: string; sha256: string | null } | null {
  try {
    const parsed = ledger.safeParse(JSON.parse(readFileSync(join(codexHomeDir, "external_agent_session_imports.json"), "utf8")));
    const record = parsed.success ? parsed.data.records.findLast((r) => samePath(r.source_path, path)) : undefined;
    return record ? { thread: record.imported_thread_id, sha256: record.content_sha256 ?? null } : null;
  } catch {
    return null;
  }
}

async function runImport(server: AppServer, path: string, cwd: string, title: string | null, timeoutMs: number): Promise<z.infer<typeof completed>> {
  const seen = new Map<string, unknown>();
  let wake: (() => void) | null = null;
  const stop = server.onNotification((method, params) => {
    if (method !== COMPLETED) return;
    const id = (params as { importId?: unknown } | null)?.importId;
    if (typeof id === "string") seen.set(id, params);
    wake?.();
  });
  try {
    const item = {
      itemType: "SESSIONS",
      description: `Claude Code session ${path}`,
      cwd,
      details: { plugins: [], skills: [], sessions: [{ path, cwd, title }], mcpServers: [], hooks: [], subagents: [], commands: [] },
    };
    let reply: z.infer<typeof importReply>;
    try {
      reply = await server.request(IMPORT_METHOD, { migrationItems: [item], source: "cc" }, importReply);
    } catch (error) {
      if (error instanceof CcError && /unknown variant|-32601|method not found/i.test(error.message)) {
        throw new CcError("this Codex has no session importer (externalAgentConfig/import), so it cannot take in a Claude session", {
          hint: "Update Codex (npm install -g @openai/codex@latest, or `codex update`); cc uses Codex's own importer rather than writing Codex's files itself.",
        });
      }
      throw error;
    }
    const deadline = Date.now() + timeoutMs;
    while (!seen.has(reply.importId)) {
      if (Date.now() > deadline)
        throw new CcError(`Codex did not finish importing within ${Math.round(timeoutMs / 1000)} s`, {
          hint: "Try again; a very long session takes longer to import.",
        });
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 250);
      });
    }
    const parsed = completed.safeParse(seen.get(reply.importId));
    if (!parsed.success) throw new CcError(`codex app-server reported the import in an unexpected shape: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  } finally {
    stop();
  }
}

/** Import one Claude session file into Codex and say which thread holds it. */
export async function importClaudeSession(
  cli: CodexCli,
  codexHomeDir: string,
  session: { path: string; cwd: string; title: string | null },
  timeoutMs = 120_000,
): Promise<SessionImport> {
  const done = await withAppServer(cli, (server) => runImport(server, session.path, session.cwd, session.title, timeoutMs), { cwd: session.cwd });
  const results = done.itemTypeResults.filter((r) => r.itemType === "SESSIONS");
  const failed = results.flatMap((r) => r.failures)[0];
  if (failed) {
    const notDetected = failed.subErrorType === "session_not_detected";
    throw new CcError(`Codex's importer refused the session: ${failed.message || failed.subErrorType || failed.failureStage || "no reason given"}`, {
      hint: notDetected
        ? "Codex imports only the recent sessions it finds itself under ~/.claude/projects (it does not follow CLAUDE_CONFIG_DIR). Nothing was imported."
        : "Nothing was imported.",
    });
  }
  const thread = results.flatMap((r) => r.successes).find((s) => s.target)?.target;
  if (thread) return { kind: "imported", thread };
  // Neither success nor failure: Codex already has this content, or (measured) the thread it made
  // was continued in Codex since, and the importer does not add to a thread that moved on.
  return { kind: "skipped", ledger: ledgerEntry(codexHomeDir, session.path) };
}
