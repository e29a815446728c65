/**
 * The stop gate's structured verdict: the zod schema Claude's output is checked against, and the
 * JSON schema handed to `claude --json-schema`, generated from it (one definition, no drift).
 */
import { z } from "zod";

export const gateVerdictSchema = z.strictObject({
  decision: z.enum(["allow", "block"]).describe("block only when the turn's edits have a problem that must be fixed before the turn ends"),
  summary: z.string().min(1).max(400).describe("One sentence: what the turn changed and why it is fine or not"),
  reasons: z.array(z.string().min(1).max(1000)).max(10).describe("For block: each problem, with file:line and what to do. Empty for allow."),
});

export type GateVerdict = z.infer<typeof gateVerdictSchema>;

/** Draft-07, untagged like plugin/schemas/: with zod's default 2020-12 `$schema` tag claude rejected every answer (measured). */
export function gateVerdictJsonSchema(): Record<string, unknown> {
  const { $schema: _tag, ...schema } = z.toJSONSchema(gateVerdictSchema, { target: "draft-07" }) as Record<string, unknown>;
  return schema;
}

/** Stored as the gate job's `extra` by the finisher. */
export const gateJobOutputSchema = z.object({ verdict: gateVerdictSchema.nullable(), note: z.string().nullable() });
export type GateJobOutput = z.infer<typeof gateJobOutputSchema>;
