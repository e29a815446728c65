/**
 * Talking to the release server: small files with one deadline, archives streamed to disk with an
 * idle deadline (a stalled download fails instead of hanging), hashed on the way. Both are capped in
 * size, so a hostile or broken server cannot fill the memory or the disk.
 */
import { createHash } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";
import { CcError } from "../lib/errors.ts";

const SMALL_FILE_TIMEOUT_MS = 15_000;
const IDLE_TIMEOUT_MS = 30_000;
/** SHA256SUMS lists a few archives: 1 MiB is thousands of lines. */
const MAX_TEXT_BYTES = 1024 * 1024;
/** A release archive (cc is about 110 MiB unpacked, about 40 MiB packed). */
const MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;
const mib = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`;

function tooLarge(url: string, cap: number): CcError {
  return new CcError(`the release server sent more than ${mib(cap)} for ${url}; nothing was replaced`, {
    hint: "That is no cc release: check CC_RELEASE_BASE, or try again later.",
  });
}

/** The body, chunk by chunk, failing past `cap` bytes (a Content-Length above it fails at once). */
async function* body(response: Response, url: string, cap: number): AsyncGenerator<Uint8Array> {
  if (Number(response.headers.get("content-length") ?? 0) > cap) throw tooLarge(url, cap);
  if (!response.body) throw new Error("empty response");
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > cap) throw tooLarge(url, cap);
    yield chunk;
  }
}

function unreachable(url: string, error: unknown): CcError {
  const reason = (error as Error).name === "TimeoutError" ? "no answer within 15 s" : (error as Error).message;
  return new CcError(`cannot reach the release server (${url}): ${reason}`, {
    hint: "Check your connection (cc update needs the network), or set CC_RELEASE_BASE to a mirror.",
  });
}

async function get(url: string, signal: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: "follow", headers: { "user-agent": "cc-update" } });
  } catch (error) {
    throw unreachable(url, error);
  }
  if (response.status === 404)
    throw new CcError(`the release server has no ${url}`, { hint: "Check the version (`cc update --version <v>`), or CC_RELEASE_BASE." });
  if (!response.ok)
    throw new CcError(`the release server answered ${response.status} for ${url}`, { hint: "Try again later, or set CC_RELEASE_BASE to a mirror." });
  return response;
}

export async function fetchText(url: string): Promise<string> {
  const signal = AbortSignal.timeout(SMALL_FILE_TIMEOUT_MS);
  const response = await get(url, signal);
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of body(response, url, MAX_TEXT_BYTES)) chunks.push(chunk);
  } catch (error) {
    if (error instanceof CcError) throw error;
    throw unreachable(url, error);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Stream `url` into `path`; returns the SHA-256 (hex) of what was written. */
export async function downloadTo(url: string, path: string): Promise<string> {
  const controller = new AbortController();
  let idle = setTimeout(() => controller.abort(new Error(`the download stalled for ${IDLE_TIMEOUT_MS / 1000} s`)), SMALL_FILE_TIMEOUT_MS);
  const response = await get(url, controller.signal);
  const hash = createHash("sha256");
  // Written as it arrives (a buffered writer would hold a fast download in memory).
  const sink = openSync(path, "w", 0o600);
  try {
    for await (const chunk of body(response, url, MAX_ARCHIVE_BYTES)) {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(new Error(`the download stalled for ${IDLE_TIMEOUT_MS / 1000} s`)), IDLE_TIMEOUT_MS);
      hash.update(chunk);
      writeSync(sink, chunk);
    }
  } catch (error) {
    if (error instanceof CcError) throw error;
    throw unreachable(url, controller.signal.reason ?? error);
  } finally {
    clearTimeout(idle);
    controller.abort(); // stop receiving what is left of a refused body
    closeSync(sink);
  }
  return hash.digest("hex");
}
