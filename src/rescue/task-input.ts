/**
 * Where a rescue's task text comes from: the arguments, `--prompt-file`, or stdin when it is not a
 * terminal. The text reaches Claude byte for byte: a single argument is used as is (quotes, `$(…)`,
 * backticks and newlines included); several arguments are joined with one space, as a shell would.
 */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../lib/errors.ts";

/** Task files larger than this are almost certainly a mistake (a log, a binary). */
const MAX_TASK_BYTES = 2 * 1024 * 1024;

export interface TaskSource {
  words: string[];
  promptFile?: string | undefined;
  cwd: string;
  /** Reads piped stdin; injected so tests and callers decide what "stdin" is. */
  readStdin?: () => Promise<string | null>;
}

export async function readTask(src: TaskSource): Promise<string | null> {
  if (src.promptFile !== undefined && src.words.length > 0) {
    throw new UsageError("give the task either as arguments or with --prompt-file, not both");
  }
  if (src.promptFile !== undefined) return readPromptFile(resolve(src.cwd, src.promptFile));
  if (src.words.length > 0) return src.words.length === 1 ? src.words[0]! : src.words.join(" ");
  const piped = src.readStdin ? await src.readStdin() : null;
  return piped !== null && piped.trim() !== "" ? piped : null;
}

function readPromptFile(path: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UsageError(`--prompt-file ${path} is not a file`);
    size = st.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read --prompt-file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size > MAX_TASK_BYTES) throw tooLarge(`--prompt-file ${path} is ${Math.round(size / 1024)} KiB`);
  const text = readFileSync(path, "utf8");
  if (text.trim() === "") throw new UsageError(`--prompt-file ${path} is empty`);
  return text;
}

const tooLarge = (what: string) =>
  new UsageError(`${what}; the limit is ${MAX_TASK_BYTES / 1024} KiB`, "Put the large material in a file in the repository and name it in the task.");

/**
 * stdin, when it is a pipe or file rather than a terminal. An open pipe that never delivers
 * anything (some hosts leave one) must not hang the command: give up after `waitMs` of silence.
 * Reading stops at the same limit as --prompt-file: `cat /dev/zero | cc rescue` ends at once.
 */
export function stdinWhenPiped(waitMs = 3000, maxBytes = MAX_TASK_BYTES): Promise<string | null> {
  if (process.stdin.isTTY) return Promise.resolve(null);
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const finish = (value: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      process.stdin.pause();
      done(value);
    };
    const timer = setTimeout(() => finish(chunks.length ? Buffer.concat(chunks).toString("utf8") : null), waitMs);
    process.stdin.on("data", (chunk: Buffer) => {
      if (settled) return;
      bytes += chunk.length;
      if (bytes > maxBytes) {
        settled = true;
        clearTimeout(timer);
        chunks.length = 0;
        process.stdin.destroy();
        fail(tooLarge(`the task on stdin is over ${Math.round(maxBytes / 1024)} KiB`));
        return;
      }
      chunks.push(chunk);
      timer.refresh();
    });
    process.stdin.on("end", () => finish(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", () => finish(null));
  });
}
