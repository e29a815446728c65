/**
 * The whole review prompt: our template (plugin/prompts/, embedded), the target, the user's focus and
 * the repository context, held to one byte budget. The template and focus are measured first; the
 * context gets exactly what is left, so the prompt never exceeds the budget however big the change.
 */

import type { Finding } from "../contracts/review-findings.ts";
import type { ReviewKind } from "../contracts/review-job.ts";
import { CcError } from "../lib/errors.ts";
import { payloadFiles } from "../payload/files.ts";
import { buildContext, type ReviewContext } from "./context.ts";
import type { ReviewTarget } from "./target.ts";

/** About 65–85k tokens of code: room for the diff while leaving Claude space to read more and answer. */
export const DEFAULT_PROMPT_BUDGET = 256 * 1024;
/** Below this there is no useful room for a diff at all. */
const MIN_CONTEXT_BYTES = 4096;
/** The user's focus text may take at most this share of the budget. */
const FOCUS_SHARE = 0.05;

const TEMPLATES: Record<ReviewKind, string> = {
  review: "plugin/prompts/review.md",
  "adversarial-review": "plugin/prompts/adversarial-review.md",
};

/** The earlier findings of a `--since-last` review may take at most this share of the budget. */
const PRIOR_SHARE = 0.1;

/** The last review's findings, for a review of only the commits since: so Claude does not repeat them. */
function priorFindingsText(since: { commit: string; findings: Finding[] }, maxBytes: number): string {
  const head = `This is an incremental review: only the commits after ${since.commit} (reviewed before) are under review. The earlier review reported these findings; do not report them again unless the new commits change them (then say so), and do not report problems in code the new commits do not touch:`;
  if (since.findings.length === 0) return `${head}\n(none: the earlier review found nothing)`;
  const lines = [head];
  let used = Buffer.byteLength(head, "utf8");
  for (const [i, f] of since.findings.entries()) {
    const line = `- [${f.severity}] ${f.file}:${f.line_start} ${f.title.replace(/\s+/g, " ").trim()}`;
    used += Buffer.byteLength(line, "utf8") + 1;
    if (used > maxBytes) {
      lines.push(`- … and ${since.findings.length - i} more`);
      break;
    }
    lines.push(line);
  }
  return lines.join("\n");
}

const NO_FOCUS = "(No particular focus was given: challenge the change as a whole.)";

export interface ReviewPrompt {
  prompt: string;
  bytes: number;
  budget: number;
  context: ReviewContext;
}

/** Fill `{{NAME}}` slots in one pass, so text inserted into one slot is never read as another slot. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (slot, name: string) => values[name] ?? slot);
}

function targetText(target: ReviewTarget, budget: number): string {
  const lines = [`Reviewing the ${target.label}.`, `Repository root (your working directory): ${target.repoRoot}`, `HEAD: ${target.head}`];
  if (target.mode === "revision") {
    lines.push(
      "Your working directory is a read-only checkout of the reviewed commit (HEAD), made for this review: its files are the reviewed revision's.",
      target.revision.since
        ? `The change under review is \`git diff --no-ext-diff ${target.mergeBase.slice(0, 12)}..HEAD\`: the commits after ${target.mergeBase}, the last reviewed commit.`
        : `Base: ${target.base}; merge base: ${target.mergeBase}. The change under review is \`git diff --no-ext-diff ${target.mergeBase.slice(0, 12)}..HEAD\`.`,
    );
    if (target.revision.since) lines.push("", priorFindingsText(target.revision.since, Math.floor(budget * PRIOR_SHARE)));
  } else if (target.mode === "branch") {
    lines.push(
      `Base: ${target.base}; merge base: ${target.mergeBase}. The change under review is \`git diff --no-ext-diff ${target.mergeBase.slice(0, 12)}..HEAD\`.`,
    );
  } else {
    lines.push("The change under review is everything not yet committed: staged changes, unstaged changes and untracked files.");
  }
  return lines.join("\n");
}

function clipFocus(focus: string, maxBytes: number): string {
  const trimmed = focus.trim();
  const bytes = Buffer.from(trimmed, "utf8");
  if (bytes.length <= maxBytes) return trimmed;
  return `${bytes
    .subarray(0, maxBytes)
    .toString("utf8")
    .replace(/\uFFFD+$/, "")} … (focus text cut to fit the prompt budget)`;
}

export async function buildReviewPrompt(opts: { kind: ReviewKind; target: ReviewTarget; focus?: string | null; budget?: number }): Promise<ReviewPrompt> {
  const budget = opts.budget ?? DEFAULT_PROMPT_BUDGET;
  const template = payloadFiles[TEMPLATES[opts.kind]];
  if (!template) throw new Error(`${TEMPLATES[opts.kind]} is not embedded`);
  const values: Record<string, string> = {
    TARGET: targetText(opts.target, budget),
    FOCUS: opts.focus?.trim() ? clipFocus(opts.focus, Math.floor(budget * FOCUS_SHARE)) : NO_FOCUS,
    CONTEXT: "",
  };
  const fixed = Buffer.byteLength(fillTemplate(template, values), "utf8");
  const room = budget - fixed;
  if (room < MIN_CONTEXT_BYTES) {
    throw new CcError(`the review prompt budget of ${budget} bytes leaves no room for the change (the instructions alone take ${fixed})`, {
      hint: `Raise reviewPromptBudget in cc's config (the default is ${DEFAULT_PROMPT_BUDGET}).`,
    });
  }
  const context = await buildContext(opts.target, room);
  values.CONTEXT = context.text;
  const prompt = fillTemplate(template, values);
  return { prompt, bytes: Buffer.byteLength(prompt, "utf8"), budget, context };
}
