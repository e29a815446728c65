/**
 * Running git for a review: read-only invocations whose output is consumed as a stream, so a diff of
 * any size is processed piece by piece and never has to fit in a buffer.
 */
import { CcError } from "../lib/errors.ts";
import { spawnReadOnlyGit } from "../lib/git.ts";

/**
 * Settings that keep a review from changing anything or running repository-configured programs
 * (lib/git-safety.ts: fsmonitor, hooks, filter and diff drivers, signature checks, optional index
 * locks), plus no colour and paths printed verbatim.
 */
const GIT_CONFIG = ["-c", "core.quotePath=false", "-c", "color.ui=false"];

export interface GitResult {
  exitCode: number;
  stderr: string;
}

function gitMissing(error: unknown): CcError {
  return new CcError(`cannot run git: ${(error as Error).message}`, { hint: "Install Git (and make sure it is on PATH), then retry." });
}

function spawnGit(cwd: string, args: string[]) {
  try {
    return spawnReadOnlyGit(cwd, [...GIT_CONFIG, ...args]);
  } catch (error) {
    throw gitMissing(error);
  }
}

/** Keep at most 64 KiB of git's stderr: enough for any message, bounded for any failure. */
async function readStderr(stream: ReadableStream<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  let kept = 0;
  for await (const chunk of stream) {
    if (kept >= 65536) continue;
    parts.push(chunk);
    kept += chunk.length;
  }
  return Buffer.concat(parts).toString("utf8").slice(0, 65536);
}

/**
 * Run git and hand each chunk of its stdout to `onChunk` as it arrives. Resolves with the exit code
 * and stderr; never throws for a non-zero exit (callers decide what a failure means).
 */
export async function streamGit(cwd: string, args: string[], onChunk: (chunk: Uint8Array) => void): Promise<GitResult> {
  const proc = spawnGit(cwd, args);
  const stderr = readStderr(proc.stderr);
  for await (const chunk of proc.stdout) onChunk(chunk);
  const exitCode = await proc.exited;
  return { exitCode, stderr: await stderr };
}

/** Small outputs (a ref, a count): the whole stdout as text, trimmed. */
export async function gitText(cwd: string, args: string[]): Promise<{ ok: boolean; out: string; stderr: string }> {
  const parts: Uint8Array[] = [];
  const r = await streamGit(cwd, args, (chunk) => parts.push(chunk));
  return { ok: r.exitCode === 0, out: Buffer.concat(parts).toString("utf8").trim(), stderr: r.stderr.trim() };
}

/** Split a stream on a separator byte (NUL or newline); pieces are decoded as UTF-8. */
export function splitter(separator: number, onPiece: (piece: string) => void) {
  let pending: Uint8Array[] = [];
  return {
    push(chunk: Uint8Array) {
      let start = 0;
      for (let i = chunk.indexOf(separator); i !== -1; i = chunk.indexOf(separator, start)) {
        const tail = chunk.subarray(start, i);
        const piece = pending.length ? Buffer.concat([...pending, tail]) : tail;
        pending = [];
        onPiece(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString("utf8"));
        start = i + 1;
      }
      if (start < chunk.length) pending.push(chunk.slice(start));
    },
    end() {
      if (pending.length) onPiece(Buffer.concat(pending).toString("utf8"));
      pending = [];
    },
  };
}
