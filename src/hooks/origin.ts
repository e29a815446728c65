/**
 * How a Codex session was started, read from its rollout file (the hook input's transcript_path):
 * the first line is a `session_meta` record whose `source` is `exec` for `codex exec`, `cli` for the
 * interactive TUI up to 0.169, `vscode` for app-server clients (IDE, desktop) — and, from 0.171, for
 * the TUI too, which its `originator` (`codex-tui`) then tells apart; cc reads both. Codex 0.169's SessionEnd input
 * carries no such signal (its `reason` is always "other"), and this is what tells an interactive
 * session's end from the end of one `codex exec`.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";

/** session_meta puts `source` within the first few hundred bytes; the rest of the line is the base prompt. */
const HEAD_BYTES = 16 * 1024;

export type SessionOrigin = "exec" | "interactive" | "unknown";

export function readRolloutSource(transcriptPath: string | null): string | null {
  if (!transcriptPath) return null;
  let fd: number | null = null;
  try {
    if (!statSync(transcriptPath).isFile()) return null; // a FIFO or device would block or never end
    fd = openSync(transcriptPath, "r");
    const buffer = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buffer, 0, HEAD_BYTES, 0);
    const firstLine = buffer.subarray(0, n).toString("utf8").split("\n")[0] ?? "";
    if (!firstLine.includes('"session_meta"')) return null;
    // Codex 0.171's TUI runs on its app-server and records `source: vscode`; its originator says TUI.
    const originator = /"originator":"([A-Za-z0-9_-]{1,40})"/.exec(firstLine)?.[1];
    if (originator === "codex-tui") return "cli";
    return /"source":"([a-z_]{1,32})"/.exec(firstLine)?.[1] ?? null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export function sessionOrigin(source: string | null): SessionOrigin {
  if (source === "exec") return "exec";
  if (source === "cli" || source === "vscode") return "interactive";
  return "unknown";
}
