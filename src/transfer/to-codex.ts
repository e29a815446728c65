/**
 * `cc transfer --to codex`: a Claude Code session becomes a Codex thread through Codex's importer.
 * Which session: `--session <claude session id>`, `--session <cc job id>` (a rescue's session), or
 * the newest session of this directory. The record of the last import (state.ts) turns a re-run
 * into "nothing new" without starting Codex at all; a grown session is imported again and Codex
 * appends the new turns to the same thread.
 */

import type { SessionImporter, ToCodexOutcome } from "../contracts/transfer.ts";
import { openReconciledStore, resolveJob } from "../jobs/lookup.ts";
import { CcError } from "../lib/errors.ts";
import type { Workspace } from "../lib/workspace.ts";
import { type ClaudeTranscript, findTranscript, newestTranscript, readTranscript, SESSION_ID } from "./claude-sessions.ts";
import { loadToCodex, saveToCodex } from "./state.ts";

type Env = Record<string, string | undefined>;

export interface ToCodexRequest {
  /** --session: a Claude session id or a cc job id; null for the newest session of this directory. */
  session: string | null;
  workspace: Workspace;
  /** Codex's importer (the command wires src/codex/session-import.ts in). */
  importSession: SessionImporter;
  env?: Env;
}

/** A cc job's Claude session (rescues record theirs), found by id or unique prefix. */
function fromJob(ref: string, ws: Workspace): { id: string; cwd: string } {
  const job = resolveJob(openReconciledStore(), ref, ws);
  if (!job.claudeSession) throw new CcError(`job ${job.id} has no Claude session (it never got as far as starting Claude)`);
  return { id: job.claudeSession, cwd: job.cwd };
}

function pickTranscript(req: ToCodexRequest, env: Env): ClaudeTranscript {
  const ws = req.workspace;
  if (req.session === null) {
    const newest = newestTranscript(ws.cwd, env);
    if (!newest)
      throw new CcError(`there is no Claude Code session for ${ws.cwd}`, {
        hint: "Pass --session <id> (a Claude session id or a cc job id), or run this from the directory the session ran in.",
      });
    return readTranscript(newest.path, newest.id);
  }
  const { id, cwd } = SESSION_ID.test(req.session) ? { id: req.session.toLowerCase(), cwd: ws.cwd } : fromJob(req.session, ws);
  const path = findTranscript(id, cwd, env);
  if (!path)
    throw new CcError(`no Claude Code session ${id} was found`, {
      hint: "Check the id; claude keeps sessions under its config dir (CLAUDE_CONFIG_DIR or ~/.claude)/projects.",
    });
  return readTranscript(path, id);
}

export async function transferToCodex(req: ToCodexRequest): Promise<ToCodexOutcome> {
  const env = req.env ?? process.env;
  const transcript = pickTranscript(req, env);
  const hash = transcript.sha256;
  const loaded = loadToCodex(transcript.sessionId, env);
  const record = loaded.kind === "found" ? loaded.record : null;
  const base = {
    direction: "to-codex" as const,
    claudeSession: transcript.sessionId,
    transcript: transcript.path,
    cwd: transcript.cwd,
    turnsTotal: transcript.turns,
  };
  /** Nothing new to import: the thread that already holds this session. */
  const unchanged = (codexThread: string, importedElsewhere: boolean) => ({
    ...base,
    result: "unchanged" as const,
    codexThread,
    turnsAdded: 0,
    importedElsewhere,
    resumeCommand: `codex resume ${codexThread}`,
  });
  if (record && record.sha256 === hash) return unchanged(record.codexThread, false);
  const imported = await req.importSession({ path: transcript.path, cwd: transcript.cwd ?? req.workspace.cwd, title: null });
  const remember = (thread: string) =>
    saveToCodex(
      {
        version: 1,
        claudeSession: transcript.sessionId,
        transcript: transcript.path,
        codexThread: thread,
        sha256: hash,
        turns: transcript.turns,
        updatedAt: new Date().toISOString(),
      },
      env,
    );
  if (imported.kind === "skipped") {
    const known = imported.ledger;
    if (known && known.sha256 === hash) {
      // Codex took exactly this content before, without cc (the Codex app, or a lost record).
      remember(known.thread);
      return unchanged(known.thread, true);
    }
    if (record && transcript.turns <= record.turns) {
      // Only bookkeeping lines were added since (claude writes some when a session is merely opened).
      return unchanged(record.codexThread, false);
    }
    const thread = known?.thread ?? record?.codexThread;
    throw new CcError(
      thread
        ? `Codex did not add the new turns of Claude Code session ${transcript.sessionId} to thread ${thread}: that thread was continued in Codex since it was imported, and Codex's importer does not add to a thread that moved on`
        : `Codex's importer reported nothing imported for ${transcript.path}, and recorded no thread for it`,
      {
        hint: thread
          ? `Nothing was added. \`codex resume ${thread}\` still has the session as it was at the last import.`
          : "Nothing was imported. Try again after the session changes, or look for it with `codex resume`.",
      },
    );
  }
  const thread = imported.thread;
  const appended = record !== null && record.codexThread === thread;
  remember(thread);
  return {
    ...base,
    result: appended ? "appended" : "imported",
    codexThread: thread,
    turnsAdded: appended ? Math.max(0, transcript.turns - record.turns) : transcript.turns,
    importedElsewhere: false,
    resumeCommand: `codex resume ${thread}`,
  };
}
