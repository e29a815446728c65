import { gzipSync } from "node:zlib";

/**
 * A minimal, reproducible .tar.gz writer (ustar, regular files only) so an archive depends only on
 * its entries: names sorted, one fixed mtime, uid/gid 0 with no owner names, and a gzip header with
 * no timestamp. GNU tar and bsdtar disagree on the flags that would do this, so we write it ourselves.
 */
export interface ArchiveEntry {
  name: string;
  data: Uint8Array;
  mode?: number;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  // width-1 octal digits then NUL, as ustar expects.
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

function header(entry: ArchiveEntry, mtimeSeconds: number): Buffer {
  const name = Buffer.from(entry.name, "utf8");
  if (name.length > 100) throw new Error(`tar entry name longer than 100 bytes: ${entry.name}`);
  const h = Buffer.alloc(BLOCK);
  name.copy(h, 0);
  h.write(octal(entry.mode ?? 0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii"); // uid
  h.write(octal(0, 8), 116, "ascii"); // gid
  h.write(octal(entry.data.length, 12), 124, "ascii");
  h.write(octal(mtimeSeconds, 12), 136, "ascii");
  h.write("        ", 148, "ascii"); // checksum field counts as spaces while summing
  h.write("0", 156, "ascii"); // regular file
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return h;
}

export function tarGz(entries: ArchiveEntry[], mtime: Date): Uint8Array {
  const mtimeSeconds = Math.floor(mtime.getTime() / 1000);
  const parts: Uint8Array[] = [];
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    parts.push(header(entry, mtimeSeconds), entry.data);
    const pad = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2)); // end-of-archive marker
  const gz = Buffer.from(gzipSync(Buffer.concat(parts), { level: 9 }));
  // Header bytes 4-7 are the mtime (zlib leaves 0) and byte 9 the OS, which differs by build host.
  gz.writeUInt32LE(0, 4);
  gz[9] = 3; // "Unix", whatever machine built it
  return gz;
}

/**
 * The one timestamp every archive entry gets: SOURCE_DATE_EPOCH when set (the reproducible-builds
 * convention), else the commit time of HEAD, else the Unix epoch.
 */
export function sourceDate(root: string, env: Record<string, string | undefined> = process.env): Date {
  const fromEnv = env.SOURCE_DATE_EPOCH;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (!/^\d+$/.test(fromEnv)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970, got ${JSON.stringify(fromEnv)}`);
    return new Date(Number(fromEnv) * 1000);
  }
  const git = Bun.spawnSync(["git", "log", "-1", "--format=%ct"], { cwd: root, stdout: "pipe", stderr: "ignore" });
  const seconds = git.exitCode === 0 ? Number(git.stdout.toString().trim()) : NaN;
  return new Date(Number.isFinite(seconds) ? seconds * 1000 : 0);
}
