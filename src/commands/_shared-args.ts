/**
 * Argument sets shared by the commands that run Claude, defined once so `cc review`,
 * `cc adversarial-review` (and rescue) spell and document them the same way.
 */
import type { ArgsDef } from "citty";

/** How and where a Claude run happens: foreground or background, model, effort, output format. */
export const claudeRunArgs = {
  background: { type: "boolean", description: "Run as a background job and return at once with its id (read it later with the result command)" },
  // Each command that runs Claude says its own default for --wait (see rescue's args).
  wait: {
    type: "boolean",
    description: "Run in the foreground and wait for the result (the default, except for a change above reviewBackgroundAbove in config.json)",
  },
  model: { type: "string", alias: "m", description: "Claude model or alias (opus, sonnet, haiku, or a full model id)" },
  effort: { type: "string", description: "Reasoning effort: low, medium, high, xhigh or max" },
  json: { type: "boolean", description: "Print the result as JSON" },
  progress: { type: "boolean", description: "Show progress on stderr (default: only when stderr is a terminal; inside Codex it would mix into the result)" },
  "quiet-progress": { type: "boolean", description: "No progress on stderr: the same as --no-progress (cc-plugin-codex's spelling)" },
  "max-time": { type: "string", description: "Stop the run after this long (90s, 20m, 2h; default: maxRunTime in config.json, else no limit)" },
} as const satisfies ArgsDef;

/** What a review looks at. */
export const reviewTargetArgs = {
  scope: { type: "string", description: "auto (default: working tree if it has changes, else the branch), working-tree or branch" },
  base: { type: "string", description: "Review the branch against this ref (default: origin/HEAD, else main, master or trunk)" },
  ref: { type: "string", description: "Review this branch, tag or commit (what it adds over its merge base with --base) without checking it out" },
  range: { type: "string", description: "Review a range without checking it out: a..b (commits of b not in a) or a...b (what b adds since it forked from a)" },
  pr: { type: "string", description: "Review pull request N: fetches origin's refs/pull/N/head (GitLab: refs/merge-requests/N/head) into a private ref" },
  forge: { type: "string", description: "Where --pr looks: github (refs/pull/N/head) or gitlab (refs/merge-requests/N/head); default: from origin's URL" },
  "since-last": {
    type: "boolean",
    description: "With --ref, --range or --pr: review only the commits since the last review of it, with its findings as context",
  },
  format: {
    type: "string",
    description: "Output: text (default), json (the same as --json), markdown (a PR comment), sarif (SARIF 2.1.0) or github (workflow annotations)",
  },
  "fail-on": { type: "string", description: "Exit 6 when a finding at or above this severity exists: critical, high, medium or low" },
} as const satisfies ArgsDef;
