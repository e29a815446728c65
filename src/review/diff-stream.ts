/**
 * Splits a `git diff` byte stream into one piece per file as it arrives: path, kind of change, added
 * and deleted line counts, size, and the patch text when the caller still wants it. Works on bytes,
 * never on the whole output, so a diff of any size costs memory only for the pieces that are kept.
 */

export type ChangeKind = "modified" | "added" | "deleted" | "renamed" | "copied" | "mode changed";

export interface FilePatch {
  path: string;
  oldPath: string | null;
  change: ChangeKind;
  binary: boolean;
  additions: number;
  deletions: number;
  /** Size of this file's patch, headers included. */
  bytes: number;
  /** The patch text, or null when `keep` declined it part-way. */
  text: string | null;
}

const NL = 10;
const DIFF_GIT = Buffer.from("diff --git ");
const DIFF_CC = Buffer.from("diff --cc ");
const DIFF_COMBINED = Buffer.from("diff --combined ");
/** A line start shorter than this that has no newline yet is carried into the next chunk. */
const CARRY_LIMIT = 8192;

function startsWith(buf: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > buf.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

/** git quotes unusual paths C-style ("a\tb", octal bytes); undo it. */
function unquoteGitPath(raw: string): string {
  if (!raw.startsWith('"') || !raw.endsWith('"')) return raw;
  const bytes: number[] = [];
  const body = raw.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, a: 7, '"': 34, "\\": 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\") {
      bytes.push(...Buffer.from(ch, "utf8"));
      continue;
    }
    const next = body[i + 1] ?? "";
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** `a/x b/x` from the `diff --git` line, when both sides name the same file (the usual case). */
function pathFromHeader(rest: string): string | null {
  if (rest.startsWith('"')) {
    const m = /^("(?:[^"\\]|\\.)*") /.exec(rest);
    return m ? unquoteGitPath(m[1]!).replace(/^a\//, "") : null;
  }
  const n = (rest.length - 5) / 2;
  if (Number.isInteger(n) && rest.startsWith("a/") && rest.slice(2, 2 + n) === rest.slice(5 + n) && rest.slice(2 + n, 5 + n) === " b/") {
    return rest.slice(2, 2 + n);
  }
  return null;
}

interface Current {
  header: string;
  path: string | null;
  oldPath: string | null;
  change: ChangeKind;
  binary: boolean;
  inHunk: boolean;
  additions: number;
  deletions: number;
  bytes: number;
  parts: Uint8Array[] | null;
}

/**
 * `keep(bytesSoFar)` is asked as a patch grows; once it says no, that patch's text is dropped (its
 * counts are still reported). `onFile` receives every file in diff order.
 */
export function diffSplitter(onFile: (patch: FilePatch) => void, keep: (bytesSoFar: number) => boolean) {
  let cur: Current | null = null;
  let carry: Uint8Array | null = null;
  let atLineStart = true;

  const finish = () => {
    if (!cur) return;
    const path = cur.path ?? pathFromHeader(cur.header) ?? cur.header;
    onFile({
      path,
      oldPath: cur.oldPath !== null && cur.oldPath !== path ? cur.oldPath : null,
      change: cur.change,
      binary: cur.binary,
      additions: cur.additions,
      deletions: cur.deletions,
      bytes: cur.bytes,
      text: cur.parts ? Buffer.concat(cur.parts).toString("utf8") : null,
    });
    cur = null;
  };

  /** Append bytes [from, to) of buf to the current file's patch. */
  const append = (buf: Uint8Array, from: number, to: number) => {
    if (!cur || to <= from) return;
    cur.bytes += to - from;
    if (cur.parts) {
      if (keep(cur.bytes)) cur.parts.push(buf.slice(from, to));
      else cur.parts = null;
    }
  };

  /** Look at one complete header line (before the first hunk) for path and kind of change. */
  const headerLine = (line: string) => {
    if (!cur) return;
    if (line.startsWith("@@")) cur.inHunk = true;
    else if (line.startsWith("new file mode")) cur.change = "added";
    else if (line.startsWith("deleted file mode")) cur.change = "deleted";
    else if (line.startsWith("rename from ")) {
      cur.change = "renamed";
      cur.oldPath = unquoteGitPath(line.slice(12));
    } else if (line.startsWith("rename to ")) cur.path = unquoteGitPath(line.slice(10));
    else if (line.startsWith("copy from ")) {
      cur.change = "copied";
      cur.oldPath = unquoteGitPath(line.slice(10));
    } else if (line.startsWith("copy to ")) cur.path = unquoteGitPath(line.slice(8));
    else if (line.startsWith("old mode ") && cur.change === "modified") cur.change = "mode changed";
    else if (line.startsWith("Binary files ") || line.startsWith("GIT binary patch")) cur.binary = true;
    // git ends these with a tab when the name contains a space.
    else if (line.startsWith("+++ ") && line !== "+++ /dev/null") cur.path ??= unquoteGitPath(line.slice(4).replace(/\t$/, "")).replace(/^b\//, "");
    else if (line.startsWith("--- ") && line !== "--- /dev/null") cur.oldPath ??= unquoteGitPath(line.slice(4).replace(/\t$/, "")).replace(/^a\//, "");
  };

  /** A `diff --git` / `diff --cc` line at [at, end) opens the next file. */
  const fileStart = (buf: Uint8Array, at: number): Uint8Array | null =>
    startsWith(buf, at, DIFF_GIT) ? DIFF_GIT : startsWith(buf, at, DIFF_CC) ? DIFF_CC : startsWith(buf, at, DIFF_COMBINED) ? DIFF_COMBINED : null;

  const openFile = (buf: Uint8Array, at: number, end: number, prefix: Uint8Array) => {
    finish();
    const header = Buffer.from(buf.buffer, buf.byteOffset + at + prefix.length, end - at - prefix.length).toString("utf8");
    const combined = prefix !== DIFF_GIT;
    cur = {
      header,
      path: combined ? unquoteGitPath(header) : null,
      oldPath: null,
      change: "modified",
      binary: false,
      inHunk: false,
      additions: 0,
      deletions: 0,
      bytes: 0,
      parts: keep(0) ? [] : null,
    };
  };

  /** Count or inspect one line that does not open a file. */
  const otherLine = (buf: Uint8Array, at: number, end: number) => {
    if (!cur) return;
    if (cur.inHunk) {
      const c = buf[at];
      if (c === 43 /* + */) cur.additions++;
      else if (c === 45 /* - */) cur.deletions++;
    } else {
      headerLine(Buffer.from(buf.buffer, buf.byteOffset + at, Math.min(end, at + CARRY_LIMIT) - at).toString("utf8"));
    }
  };

  const push = (chunk: Uint8Array) => {
    let buf = chunk;
    if (carry) {
      buf = Buffer.concat([carry, chunk]);
      carry = null;
    }
    let i = 0;
    let segment = 0; // start of the bytes not yet appended to the current file
    while (i < buf.length) {
      const nl = buf.indexOf(NL, i);
      if (!atLineStart) {
        // The rest of a long line that began in an earlier chunk.
        if (nl === -1) break;
        i = nl + 1;
        atLineStart = true;
        continue;
      }
      if (nl === -1 && buf.length - i < CARRY_LIMIT) {
        // An incomplete short line: classify it once the rest arrives.
        append(buf, segment, i);
        carry = buf.slice(i);
        return;
      }
      const end = nl === -1 ? buf.length : nl;
      const prefix = fileStart(buf, i);
      if (prefix) {
        append(buf, segment, i);
        segment = i;
        openFile(buf, i, end, prefix);
      } else otherLine(buf, i, end);
      if (nl === -1) {
        atLineStart = false;
        break;
      }
      i = nl + 1;
    }
    append(buf, segment, buf.length);
  };

  return {
    push,
    /** Call once git's output has ended. */
    end() {
      if (carry) {
        // The last line had no newline.
        const last = carry;
        carry = null;
        const prefix = fileStart(last, 0);
        if (prefix) openFile(last, 0, last.length, prefix);
        else otherLine(last, 0, last.length);
        append(last, 0, last.length);
      }
      finish();
    },
  };
}
