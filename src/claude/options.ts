/**
 * Model and effort as cc's users type them, turned into what `claude -p` accepts. Claude passes
 * unknown model names through verbatim (the API then rejects them), so only the shape is checked.
 */
import { z } from "zod";
import { UsageError } from "../lib/errors.ts";
import { EFFORTS, type Effort } from "./types.ts";

/** Claude's own aliases (2.1.197): opus → claude-opus-4-8, sonnet → claude-sonnet-5, haiku, fable. */
const MODEL_ALIASES = ["opus", "sonnet", "haiku", "fable"] as const;

/** Claude's default effort for adaptive-thinking models. */
const DEFAULT_EFFORT: Effort = "high";

/** Spellings users bring from Codex and elsewhere, mapped without a warning. */
const EFFORT_SYNONYMS: Record<string, Effort> = {
  med: "medium",
  "x-high": "xhigh",
  "extra-high": "xhigh",
  extrahigh: "xhigh",
  maximum: "max",
};

/** Values Claude does not have but whose intent is clear; mapped with a warning. */
const EFFORT_NEAREST: Record<string, Effort> = {
  none: "low",
  minimal: "low",
  min: "low",
  lowest: "low",
  ultra: "max",
  highest: "max",
};

export interface ParsedEffort {
  effort: Effort;
  /** Set when the value was not one of Claude's and was mapped to the nearest one. */
  warning: string | null;
}

/** Map any effort value onto Claude's scale (low, medium, high, xhigh, max); never fails. */
export function parseEffort(value: string): ParsedEffort {
  const key = value.trim().toLowerCase();
  if ((EFFORTS as readonly string[]).includes(key)) return { effort: key as Effort, warning: null };
  const synonym = EFFORT_SYNONYMS[key];
  if (synonym) return { effort: synonym, warning: null };
  const valid = EFFORTS.join(", ");
  const nearest = EFFORT_NEAREST[key];
  if (nearest) return { effort: nearest, warning: `Claude has no effort "${value}"; using "${nearest}" (valid: ${valid}).` };
  return { effort: DEFAULT_EFFORT, warning: `unknown effort "${value}"; using Claude's default "${DEFAULT_EFFORT}" (valid: ${valid}).` };
}

/** A `--model` value (the MCP tools' `model` argument too). */
export const modelSchema = z
  .string()
  .trim()
  .min(1, "is empty")
  .max(200, "is too long")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:\-[\]@/]*$/, "may only contain letters, digits and . _ : - [ ] @ /");

/**
 * Validate a model name or alias for `--model`. Returns null for "default" (let Claude choose).
 * Aliases and full ids go to claude unchanged: claude resolves aliases itself.
 */
export function parseModel(value: string): string | null {
  const parsed = modelSchema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(
      `model "${value}" ${parsed.error.issues[0]!.message}`,
      `Use an alias (${MODEL_ALIASES.join(", ")}) or a full model id such as claude-sonnet-5.`,
    );
  }
  return parsed.data.toLowerCase() === "default" ? null : parsed.data;
}

/**
 * A work command's `--model` and `--effort`, as ClaudeRunRequest fields (absent when not given or
 * "default"). A mapped effort is reported through `warn`.
 */
export function modelAndEffort(
  flags: { model?: string | undefined; effort?: string | undefined },
  warn: (line: string) => void,
): { model?: string; effort?: Effort } {
  const model = flags.model === undefined ? null : parseModel(flags.model);
  const out: { model?: string; effort?: Effort } = model ? { model } : {};
  if (flags.effort !== undefined) {
    const parsed = parseEffort(flags.effort);
    if (parsed.warning) warn(`warning: ${parsed.warning}`);
    out.effort = parsed.effort;
  }
  return out;
}
