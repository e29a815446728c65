/**
 * The machine formats of a review (`--format markdown|sarif|github`), and what each prints when
 * there was nothing to review. `text` and `json` are the kind registry's own renderings.
 */
import type { Job } from "../jobs/types.ts";
import { escapeData, reviewAnnotations } from "./annotations.ts";
import { reviewMarkdown } from "./markdown.ts";
import { emptySarif, reviewSarif } from "./sarif.ts";

export type MachineFormat = "markdown" | "sarif" | "github";

export function renderReviewAs(format: MachineFormat, job: Job, version: string): string {
  if (format === "sarif") return `${JSON.stringify(reviewSarif(job, { version }), null, 2)}\n`;
  if (format === "github") return reviewAnnotations(job);
  return reviewMarkdown(job);
}

/** "Nothing to review" in the requested format (text and json: the command's own lines). */
export function renderNothingAs(format: MachineFormat, kind: string, message: string, version: string): string {
  if (format === "sarif") return `${JSON.stringify(emptySarif({ version }, kind, message), null, 2)}\n`;
  if (format === "github") return `::notice title=cc review::${escapeData(message)}\n`;
  return `${message}\n`;
}
