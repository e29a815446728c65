/** Job ids: short and readable (`rescue-k7m2qp`), typed by users, so prefixes of them are accepted. */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { shownInput, UsageError } from "../lib/errors.ts";
import type { JobKind } from "./types.ts";
import { ccHint } from "../lib/invocation.ts";

const PREFIX: Record<JobKind, string> = { review: "review", "adversarial-review": "adv", rescue: "rescue", gate: "gate" };
// No 0/o, 1/l/i: ids are read aloud and retyped.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

export function newJobId(kind: JobKind): string {
  const bytes = randomBytes(6);
  let tail = "";
  for (const b of bytes) tail += ALPHABET[b % ALPHABET.length];
  return `${PREFIX[kind]}-${tail}`;
}

/** A job id or unique prefix as typed: the CLI's positional and the MCP tools' `job` argument. */
export const jobReferenceSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "is not a job id (job ids look like rescue-k7m2qp; any unique prefix works)");

/** Validate a job id or id prefix typed by the user. */
export function parseJobReference(raw: string): string {
  const parsed = jobReferenceSchema.safeParse(raw);
  const ref = parsed.data ?? "";
  if (!parsed.success) {
    throw new UsageError(`"${shownInput(raw)}" is not a job id`, `Job ids look like \`rescue-k7m2qp\`; any unique prefix works. ${ccHint("status", "--all")} lists them.`);
  }
  return ref;
}
