/**
 * Reading a file cc did not write (a Codex rollout, a Claude transcript) without trusting what it
 * is: only a regular file (a symlink to `/dev/zero` never ends, a FIFO never answers, a directory
 * is not a file), never blocking on the open (O_NONBLOCK), never past a size cap, and line by line
 * in chunks, so the whole file is never held as one string.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { CcError } from "./errors.ts";

export interface RegularFileSpec {
  /** What the file is, for messages: "the Codex rollout". */
  what: string;
  maxBytes: number;
  /** The fix when it is too large. */
  tooLargeHint: string;
}

const CHUNK = 1024 * 1024;
const mib = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MiB`;

function kindOf(st: ReturnType<typeof fstatSync>): string {
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice() || st.isBlockDevice()) return "a device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

/** Open `path` if it is a regular file within the cap; the caller closes the descriptor. */
export function openRegularFile(path: string, spec: RegularFileSpec): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new CcError(`${spec.what} ${path} does not exist (or is a symlink to nothing)`, { hint: "Remove the dangling link, or check the id." });
    throw new CcError(`cannot open ${spec.what} ${path}: ${code ?? (error as Error).message}`, { hint: "Make it readable by you, then retry." });
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw new CcError(`${spec.what} ${path} is ${kindOf(st)}, not a regular file`, {
      hint: "cc reads only regular files: replace it with the real file (or remove it), then retry.",
    });
  }
  if (st.size > spec.maxBytes) {
    closeSync(fd);
    throw new CcError(`${spec.what} ${path} is ${mib(st.size)}, more than the ${mib(spec.maxBytes)} cc reads`, { hint: spec.tooLargeHint });
  }
  return { fd, size: st.size };
}

/**
 * Each line of a regular file (without its newline), read in chunks; `onChunk` sees every byte (for
 * a hash). A last line without a newline is yielded too unless `dropUnterminated` (a line the writer
 * is still writing). Stops with an error past the cap, should the file grow while it is read.
 */
export function* fileLines(
  path: string,
  spec: RegularFileSpec,
  opts: { dropUnterminated?: boolean; onChunk?: (chunk: Buffer) => void } = {},
): Generator<string> {
  const { fd } = openRegularFile(path, spec);
  try {
    let pending: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      total += n;
      if (total > spec.maxBytes) throw new CcError(`${spec.what} ${path} grew past the ${mib(spec.maxBytes)} cc reads`, { hint: spec.tooLargeHint });
      const chunk = buffer.subarray(0, n);
      opts.onChunk?.(chunk);
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        const tail = chunk.subarray(start, nl);
        yield (pending.length ? Buffer.concat([...pending, tail]) : tail).toString("utf8");
        pending = [];
        start = nl + 1;
      }
      if (start < n) pending.push(Buffer.from(chunk.subarray(start)));
    }
    if (pending.length && !opts.dropUnterminated) yield Buffer.concat(pending).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** The whole of a (small, capped) regular file. */
export function readRegularFile(path: string, spec: RegularFileSpec): Buffer {
  const { fd, size } = openRegularFile(path, spec);
  try {
    const out = Buffer.alloc(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, out, got, size - got, null);
      if (n === 0) break;
      got += n;
    }
    return out.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}
