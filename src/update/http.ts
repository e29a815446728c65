/**
 * Talking to the release server: small files with one deadline, archives streamed to disk with an
 * idle deadline (a stalled download fails instead of hanging), hashed on the way.
 */
import { createHash } from "node:crypto";
import { CcError } from "../lib/errors.ts";

const SMALL_FILE_TIMEOUT_MS = 15_000;
const IDLE_TIMEOUT_MS = 30_000;

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
  if (response.status === 404) throw new CcError(`the release server has no ${url}`, { hint: "Check the version (`cc update --version <v>`), or CC_RELEASE_BASE." });
  if (!response.ok) throw new CcError(`the release server answered ${response.status} for ${url}`, { hint: "Try again later, or set CC_RELEASE_BASE to a mirror." });
  return response;
}

export async function fetchText(url: string): Promise<string> {
  const signal = AbortSignal.timeout(SMALL_FILE_TIMEOUT_MS);
  const response = await get(url, signal);
  try {
    return await response.text();
  } catch (error) {
    throw unreachable(url, error);
  }
}

/** Stream `url` into `path`; returns the SHA-256 (hex) of what was written. */
export async function downloadTo(url: string, path: string): Promise<string> {
  const controller = new AbortController();
  let idle = setTimeout(() => controller.abort(new Error(`the download stalled for ${IDLE_TIMEOUT_MS / 1000} s`)), SMALL_FILE_TIMEOUT_MS);
  const response = await get(url, controller.signal);
  const hash = createHash("sha256");
  const sink = Bun.file(path).writer();
  try {
    if (!response.body) throw new Error("empty response");
    for await (const chunk of response.body) {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(new Error(`the download stalled for ${IDLE_TIMEOUT_MS / 1000} s`)), IDLE_TIMEOUT_MS);
      hash.update(chunk);
      sink.write(chunk);
    }
  } catch (error) {
    throw unreachable(url, controller.signal.reason ?? error);
  } finally {
    clearTimeout(idle);
    await sink.end();
  }
  return hash.digest("hex");
}
