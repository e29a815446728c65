/** Job ids: short and readable (`rescue-k7m2qp`), typed by users, so prefixes of them are accepted. */
import { shownInput, UsageError } from "../lib/errors.ts";
import { ccHint } from "../lib/invocation.ts";
import type { JobKind } from "./types.ts";

const PREFIX: Record<JobKind, string> = { review: "review", "adversarial-review": "adv", rescue: "rescue", gate: "gate" };
// No 0/o, 1/l/i: ids are read aloud and retyped.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

export function newJobId(kind: JobKind): string {
  // Web Crypto's global: node:crypto would load on every store use (`cc status`), for six bytes.
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  let tail = "";
  for (const b of bytes) tail += ALPHABET[b % ALPHABET.length];
  return `${PREFIX[kind]}-${tail}`;
}

/** A job id or unique prefix as typed (the MCP tools' `job` argument checks the same pattern). */
export const JOB_REFERENCE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Validate a job id or id prefix typed by the user. */
export function parseJobReference(raw: string): string {
  const ref = raw.trim().toLowerCase();
  if (!JOB_REFERENCE.test(ref)) {
    throw new UsageError(
      `"${shownInput(raw)}" is not a job id`,
      `Job ids look like \`rescue-k7m2qp\`; any unique prefix works. ${ccHint("status", "--all")} lists them.`,
    );
  }
  return ref;
}
