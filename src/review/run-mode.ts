/**
 * Foreground or background when the user gave neither `--wait` nor `--background`. cc-plugin-codex
 * asks the user each time; cc decides from the size of the change, which it knows before Claude
 * starts: a small change is reviewed while Codex waits, a large one would hold the Codex turn for
 * minutes, so it goes to the background and the user reads it with `cc result`.
 */
export interface BackgroundThreshold {
  /** More changed files than this: background. */
  files: number;
  /** More changed lines (added + deleted) than this: background. */
  lines: number;
}

const DEFAULT_REVIEW_BACKGROUND_ABOVE: BackgroundThreshold = { files: 5, lines: 400 };

export interface ChangeSize {
  files: number;
  additions: number;
  deletions: number;
}

/** Why this change goes to the background ("12 files, 830 changed lines"), or null for the foreground. */
export function reviewBackgroundReason(size: ChangeSize, above: Partial<BackgroundThreshold> = {}): string | null {
  const limit = { ...DEFAULT_REVIEW_BACKGROUND_ABOVE, ...above };
  const lines = size.additions + size.deletions;
  if (size.files <= limit.files && lines <= limit.lines) return null;
  return `${size.files} file${size.files === 1 ? "" : "s"}, ${lines} changed line${lines === 1 ? "" : "s"}; above ${limit.files} files or ${limit.lines} lines`;
}
