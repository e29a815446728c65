/**
 * Taking the cc executable out of a release archive (.tar.gz or .zip) in memory, so updating needs
 * no tar or unzip on the machine. Only what cc's own build writes needs to be understood.
 */
import { gunzipSync, inflateRawSync } from "node:zlib";
import { CcError } from "../lib/errors.ts";

function fromTarGz(archive: Uint8Array, wanted: string): Uint8Array | null {
  const tar = gunzipSync(archive);
  const text = (start: number, length: number) => tar.subarray(start, start + length).toString("utf8").replace(/\0.*$/s, "");
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const name = text(offset, 100);
    if (!name) return null; // end-of-archive blocks
    const prefix = text(offset + 345, 155);
    const size = parseInt(text(offset + 124, 12).trim() || "0", 8);
    const type = text(offset + 156, 1) || "0";
    const path = (prefix ? `${prefix}/${name}` : name).replace(/^\.\//, "");
    const data = offset + 512;
    if (type === "0" && path === wanted) return new Uint8Array(tar.subarray(data, data + size));
    offset = data + Math.ceil(size / 512) * 512;
  }
  return null;
}

function fromZip(archive: Uint8Array, wanted: string): Uint8Array | null {
  const zip = Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error("no end-of-central-directory record");
  let entry = zip.readUInt32LE(end + 16);
  for (let i = 0, count = zip.readUInt16LE(end + 10); i < count; i++) {
    if (zip.readUInt32LE(entry) !== 0x02014b50) throw new Error("damaged central directory");
    const method = zip.readUInt16LE(entry + 10);
    const compressedSize = zip.readUInt32LE(entry + 20);
    const nameLength = zip.readUInt16LE(entry + 28);
    const extraLength = zip.readUInt16LE(entry + 30);
    const commentLength = zip.readUInt16LE(entry + 32);
    const local = zip.readUInt32LE(entry + 42);
    const name = zip.subarray(entry + 46, entry + 46 + nameLength).toString("utf8");
    if (name === wanted) {
      const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(data, data + compressedSize);
      if (method === 0) return new Uint8Array(raw);
      if (method === 8) return new Uint8Array(inflateRawSync(raw));
      throw new Error(`unsupported compression method ${method}`);
    }
    entry += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}

/** The bytes of `wanted` (e.g. "cc" or "cc.exe") inside the archive called `archiveName`. */
export function extractExecutable(archive: Uint8Array, archiveName: string, wanted: string): Uint8Array {
  let found: Uint8Array | null;
  try {
    found = archiveName.endsWith(".zip") ? fromZip(archive, wanted) : fromTarGz(archive, wanted);
  } catch (error) {
    throw new CcError(`${archiveName} is not a readable archive: ${(error as Error).message}`, { hint: "The release is damaged; report it, or install with install.sh." });
  }
  if (!found) throw new CcError(`${archiveName} does not contain ${wanted}`, { hint: "The release is damaged; report it, or install with install.sh." });
  return found;
}
