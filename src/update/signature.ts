/**
 * Proving where a release comes from, not just that it arrived whole: `SHA256SUMS` comes from the
 * same server as the archives, so whoever controls the server (or the account behind it) can change
 * both. A release build carries the project's ed25519 public key (build/build.ts takes it from
 * CC_RELEASE_PUBLIC_KEY); the release adds `SHA256SUMS.sig`, a signature over SHA256SUMS made with
 * the private key, which never touches the server (build/release.ts, CC_RELEASE_SIGNING_KEY). With a
 * key built in, cc update refuses a release whose SHA256SUMS is unsigned or signed by anyone else.
 * No network service is involved: the key is in the binary, the check is local.
 */
import { createPublicKey, verify } from "node:crypto";

// Replaced at compile time by build/build.ts (`--define`) when CC_RELEASE_PUBLIC_KEY is set.
declare const CC_RELEASE_PUBLIC_KEY: string | undefined;

export const SIGNATURE_FILE = "SHA256SUMS.sig";

/** The release key built into this cc (base64 DER SubjectPublicKeyInfo of an ed25519 key), or null. */
export function releasePublicKey(): string | null {
  return typeof CC_RELEASE_PUBLIC_KEY === "string" && CC_RELEASE_PUBLIC_KEY ? CC_RELEASE_PUBLIC_KEY : null;
}

/** Whether `signature` (base64, as in SHA256SUMS.sig) is the key's ed25519 signature over `sums`. */
export function verifyChecksums(sums: Uint8Array, signature: string, publicKey: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, "base64"), format: "der", type: "spki" });
    if (key.asymmetricKeyType !== "ed25519") return false;
    return verify(null, sums, key, Buffer.from(signature.trim(), "base64"));
  } catch {
    return false;
  }
}
