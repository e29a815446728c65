/**
 * `cc transfer --to claude`: a Codex thread becomes (or grows) a Claude Code session in the thread's
 * own directory, so `claude --resume <id>` from there picks up the work.
 *
 * Incremental: the record of the last transfer (state.ts) says which turns are already in the
 * session; only finished turns not in it are appended. If the session file is no longer exactly
 * what cc wrote (the user continued it in Claude, or it was deleted), cc starts a new session with
 * the whole thread rather than splice Codex turns into a conversation that moved on.
 * Everything is parsed and checked before anything is written; the session is written before the
 * record, so a crash in between makes the next run start afresh instead of appending twice.
 */
import { randomUUID } from "node:crypto";
import { existsSync, realpathSync } from "node:fs";
import { dirname } from "node:path";
import { resumeCommand, transcriptPath } from "../claude/session.ts";
import type { ToClaudeOutcome } from "../contracts/transfer.ts";
import { writeFileAtomic } from "../lib/atomic-write.ts";
import { CcError, UsageError } from "../lib/errors.ts";
import { codexHome } from "../lib/paths.ts";
import { makeDirs } from "../lib/private-dir.ts";
import { readRegularFile } from "../lib/regular-file.ts";
import { currentWorkspace, type Workspace } from "../lib/workspace.ts";
import { buildEntries } from "./claude-entries.ts";
import { TRANSCRIPT_FILE } from "./claude-sessions.ts";
import { type CodexThread, completeTurns } from "./codex-thread.ts";
import { findRollout, newestThreadIn } from "./rollout-find.ts";
import { parseRollout } from "./rollout-parse.ts";
import { loadToClaude, saveToClaude, sha256, type ToClaudeRecord } from "./state.ts";

type Env = Record<string, string | undefined>;

export interface ToClaudeRequest {
  /** --thread, else the Codex thread running cc (CODEX_THREAD_ID). */
  threadId: string | null;
  workspace: Workspace;
  env?: Env;
}

const realOrSelf = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};
const norm = (path: string) => (process.platform === "win32" ? realOrSelf(path).toLowerCase() : realOrSelf(path));
const samePath = (a: string, b: string) => norm(a) === norm(b);

function pickThread(req: ToClaudeRequest, env: Env): string {
  const id = req.threadId ?? req.workspace.codexSession;
  if (id) return id;
  const newest = newestThreadIn(codexHome(env), req.workspace.cwd, samePath);
  throw new UsageError(
    "which Codex thread? cc is not running inside Codex and no --thread was given",
    newest
      ? `The newest Codex thread of this directory is ${newest}: \`cc transfer --thread ${newest}\`.`
      : "Pass --thread <id> (`codex resume` lists your threads), or run $cc:transfer inside Codex.",
  );
}

function assertSameWorkspace(thread: CodexThread, ws: Workspace): void {
  if (!existsSync(thread.cwd)) {
    throw new CcError(`Codex thread ${thread.id} ran in ${thread.cwd}, which no longer exists`, {
      hint: "Claude sessions belong to a directory; restore it (or the checkout) first.",
    });
  }
  // Same directory, or the same git checkout (a thread started in a subdirectory of this repo).
  if (samePath(thread.cwd, ws.cwd) || samePath(currentWorkspace(thread.cwd).root, ws.root)) return;
  throw new CcError(`Codex thread ${thread.id} ran in ${thread.cwd}, not in this workspace (${ws.root})`, {
    hint: `Nothing was written. Run \`cc transfer --thread ${thread.id}\` from ${thread.cwd}: the Claude session is made for the thread's own directory.`,
  });
}

const today = () => `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`;

function header(thread: CodexThread, first: boolean, turns: number): string {
  const plural = turns === 1 ? "turn" : "turns";
  return first
    ? `[cc transfer] This conversation was carried over from Codex (OpenAI's coding agent), thread ${thread.id} in ${thread.cwd}, on ${today()} (${turns} ${plural}). ` +
        "The assistant messages below were written by Codex, not by you; Codex's shell commands appear as Bash calls with their output (long output shortened), " +
        "its other tools as text. Codex's own instructions and reasoning are not included. Pick up the work where Codex left off."
    : `[cc transfer] ${turns} more ${plural} from Codex thread ${thread.id}, carried over on ${today()}. As before, the assistant messages are Codex's.`;
}

type Plan =
  | { mode: "append"; record: ToClaudeRecord; existing: string }
  | { mode: "new"; restarted: ToClaudeOutcome["restarted"]; record: ToClaudeRecord | null };

function plan(thread: CodexThread, env: Env): Plan {
  const loaded = loadToClaude(thread.id, env);
  if (loaded.kind === "none") return { mode: "new", restarted: null, record: null };
  if (loaded.kind === "unreadable") return { mode: "new", restarted: { reason: "unreadable-record", previousSession: null }, record: null };
  const record = loaded.record;
  let existing: string;
  try {
    // What cc wrote before, if it is still a regular file (a FIFO or a device: start afresh).
    existing = readRegularFile(record.transcript, TRANSCRIPT_FILE).toString("utf8");
  } catch {
    return { mode: "new", restarted: { reason: "missing", previousSession: record.claudeSession }, record };
  }
  if (Buffer.byteLength(existing) !== record.bytes || sha256(existing) !== record.sha256) {
    return { mode: "new", restarted: { reason: "changed-in-claude", previousSession: record.claudeSession }, record };
  }
  return { mode: "append", record, existing };
}

export function transferToClaude(req: ToClaudeRequest): ToClaudeOutcome {
  const env = req.env ?? process.env;
  const threadId = pickThread(req, env);
  const thread = parseRollout(findRollout(codexHome(env), threadId));
  assertSameWorkspace(thread, req.workspace);
  const cwd = realOrSelf(thread.cwd);
  const finished = completeTurns(thread);
  const runningTurnLeftOut = thread.turns.length > finished.length;
  const p = plan(thread, env);
  const already = new Set(p.mode === "append" ? p.record.turnIds : []);
  const fresh = finished.filter((t) => !already.has(t.id));
  const base = { direction: "to-claude" as const, threadId: thread.id, cwd, runningTurnLeftOut, leftOut: thread.leftOut };

  // Nothing Codex did since the last transfer: say so, even when the session was continued in
  // Claude meanwhile (a copy of the same turns in a new session would help nobody).
  const previous = p.record;
  const continuedInClaude = p.mode === "new" && p.restarted?.reason === "changed-in-claude";
  if (previous && (p.mode === "append" || continuedInClaude) && finished.every((t) => previous.turnIds.includes(t.id))) {
    return {
      ...base,
      result: "unchanged",
      restarted: null,
      continuedInClaude,
      claudeSession: previous.claudeSession,
      transcript: previous.transcript,
      turnsAdded: 0,
      turnsTotal: previous.turnIds.length,
      shortened: 0,
      resumeCommand: resumeCommand(previous.cwd, previous.claudeSession),
    };
  }
  if (fresh.length === 0) {
    throw new CcError(`Codex thread ${thread.id} has no finished turn to transfer yet`, {
      hint: "Nothing was written. Transfer it once Codex has answered at least once.",
    });
  }

  const sessionId = p.mode === "append" ? p.record.claudeSession : randomUUID();
  const transcript = p.mode === "append" ? p.record.transcript : transcriptPath(cwd, sessionId, env);
  const entries = buildEntries(fresh, {
    sessionId,
    cwd,
    parentUuid: p.mode === "append" ? p.record.leafUuid : null,
    header: header(thread, p.mode === "new", fresh.length),
    source: thread.rolloutPath,
  });
  const content = (p.mode === "append" ? p.existing : "") + entries.lines.map((l) => `${l}\n`).join("");
  makeDirs(dirname(transcript)); // Claude's projects dir: missing parts 0700
  writeFileAtomic(transcript, content, 0o600);
  const turnIds = [...already, ...fresh.map((t) => t.id)];
  saveToClaude(
    {
      version: 1,
      threadId: thread.id,
      cwd,
      claudeSession: sessionId,
      transcript,
      turnIds,
      leafUuid: entries.leafUuid,
      bytes: Buffer.byteLength(content),
      sha256: sha256(content),
      updatedAt: new Date().toISOString(),
    },
    env,
  );
  return {
    ...base,
    result: p.mode === "append" ? "appended" : "created",
    restarted: p.mode === "new" ? p.restarted : null,
    continuedInClaude: false,
    claudeSession: sessionId,
    transcript,
    turnsAdded: fresh.length,
    turnsTotal: turnIds.length,
    shortened: entries.truncated,
    resumeCommand: resumeCommand(cwd, sessionId),
  };
}
