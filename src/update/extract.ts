/**
 * Taking the cc executable out of a downloaded release archive (.tar.gz or .zip) on disk, streamed
 * into a file, so updating needs no tar or unzip on the machine and never holds the archive's
 * contents in memory. Decompression stops past MAX_UNPACKED_BYTES: a 2 MB gzip bomb unpacks to
 * gigabytes. Only what cc's own build writes needs to be understood.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync, writeSync } from "node:fs";
import type { Readable } from "node:stream";
import { createGunzip, createInflateRaw } from "node:zlib";
import { CcError } from "../lib/errors.ts";

/** cc is about 110 MiB; four times that is no build of ours. */
const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;
const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`;

class Damaged extends Error {}

/** Counts every decompressed byte and stops the stream past the cap. */
async function* capped(stream: Readable, archiveName: string): AsyncGenerator<Buffer> {
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > MAX_UNPACKED_BYTES) {
        throw new CcError(
          `${archiveName} unpacks to more than ${mib(MAX_UNPACKED_BYTES)} (cc itself is about 110 MiB): it is damaged or hostile; nothing was replaced`,
          {
            hint: "Try again later; if it persists, report it, or install with install.sh.",
          },
        );
      }
      yield chunk;
    }
  } finally {
    stream.destroy();
  }
}

/** Walk a tar stream, writing the regular file `wanted` to `out`; true when it was found. */
async function fromTarGz(archive: string, archiveName: string, wanted: string, out: number): Promise<boolean> {
  const text = (block: Buffer, start: number, length: number) =>
    block
      .subarray(start, start + length)
      .toString("utf8")
      .replace(/\0.*$/s, "");
  let header = Buffer.alloc(0);
  let skip = 0; // bytes of the current entry (and its padding) still to pass over
  let write = 0; // bytes of the wanted entry still to write
  let found = false;
  for await (let chunk of capped(createReadStream(archive).pipe(createGunzip()), archiveName)) {
    while (chunk.length) {
      if (write > 0 || skip > 0) {
        const n = Math.min(chunk.length, write > 0 ? write : skip);
        if (write > 0) {
          writeSync(out, chunk, 0, n);
          write -= n;
        } else skip -= n;
        chunk = chunk.subarray(n);
        continue;
      }
      const need = 512 - header.length;
      header = Buffer.concat([header, chunk.subarray(0, need)]);
      chunk = chunk.subarray(need);
      if (header.length < 512) break;
      const name = text(header, 0, 100);
      if (!name) return found; // end-of-archive blocks
      const prefix = text(header, 345, 155);
      const size = parseInt(text(header, 124, 12).trim() || "0", 8);
      if (!Number.isSafeInteger(size) || size < 0) throw new Damaged(`bad size in the tar header of ${name}`);
      const type = text(header, 156, 1) || "0";
      const path = (prefix ? `${prefix}/${name}` : name).replace(/^\.\//, "");
      const padded = Math.ceil(size / 512) * 512;
      header = Buffer.alloc(0);
      if (type === "0" && path === wanted && !found) {
        found = true;
        write = size;
        skip = padded - size;
        // The padding is skipped once the data is written (write first, then skip).
      } else skip = padded;
    }
  }
  if (write > 0) throw new Damaged("the archive ends inside the executable");
  return found;
}

/** Read `length` bytes at `position` of an open file. */
function readAt(fd: number, position: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, out, got, length - got, position + got);
    if (n === 0) throw new Damaged("the archive is cut short");
    got += n;
  }
  return out;
}

/** Find `wanted` in the zip's central directory, then inflate just its data into `out`. */
async function fromZip(archive: string, archiveName: string, wanted: string, out: number): Promise<boolean> {
  const fd = openSync(archive, "r");
  let entry: { method: number; data: number; compressedSize: number } | null = null;
  try {
    const size = fstatSync(fd).size;
    const tailLength = Math.min(size, 65557); // the end record (22 bytes) and a comment of up to 64 KiB
    const tail = readAt(fd, size - tailLength, tailLength);
    let end = tail.length - 22;
    while (end >= 0 && tail.readUInt32LE(end) !== 0x06054b50) end--;
    if (end < 0) throw new Damaged("no end-of-central-directory record");
    const count = tail.readUInt16LE(end + 10);
    const directory = readAt(fd, tail.readUInt32LE(end + 16), tail.readUInt32LE(end + 12));
    for (let i = 0, at = 0; i < count; i++) {
      if (directory.readUInt32LE(at) !== 0x02014b50) throw new Damaged("damaged central directory");
      const nameLength = directory.readUInt16LE(at + 28);
      const name = directory.subarray(at + 46, at + 46 + nameLength).toString("utf8");
      if (name === wanted) {
        const local = readAt(fd, directory.readUInt32LE(at + 42), 30);
        const data = directory.readUInt32LE(at + 42) + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
        entry = { method: directory.readUInt16LE(at + 10), data, compressedSize: directory.readUInt32LE(at + 20) };
        break;
      }
      at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
  } finally {
    closeSync(fd);
  }
  if (!entry) return false;
  if (entry.method !== 0 && entry.method !== 8) throw new Damaged(`unsupported compression method ${entry.method}`);
  if (entry.compressedSize === 0) return true;
  const raw = createReadStream(archive, { start: entry.data, end: entry.data + entry.compressedSize - 1 });
  for await (const chunk of capped(entry.method === 8 ? raw.pipe(createInflateRaw()) : raw, archiveName)) writeSync(out, chunk);
  return true;
}

/** Write `wanted` (e.g. "cc" or "cc.exe") from the archive file `archive`, called `archiveName`, to `outPath`. */
export async function extractExecutable(archive: string, archiveName: string, wanted: string, outPath: string): Promise<void> {
  const out = openSync(outPath, "w", 0o600);
  let found: boolean;
  try {
    found = archiveName.endsWith(".zip") ? await fromZip(archive, archiveName, wanted, out) : await fromTarGz(archive, archiveName, wanted, out);
  } catch (error) {
    if (error instanceof CcError) throw error;
    throw new CcError(`${archiveName} is not a readable archive: ${(error as Error).message}`, {
      hint: "The release is damaged; report it, or install with install.sh.",
    });
  } finally {
    closeSync(out);
  }
  if (!found) throw new CcError(`${archiveName} does not contain ${wanted}`, { hint: "The release is damaged; report it, or install with install.sh." });
}
