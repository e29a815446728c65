/**
 * The flow of `cc review` and `cc adversarial-review`: pick the target, build the budgeted prompt,
 * then run it as a job (foreground or background) with the read-only profile and the findings
 * schema. Nothing reaches Claude when there is nothing to review.
 */

import type { Effort } from "../claude/types.ts";
import type { Severity } from "../contracts/review-findings.ts";
import type { ReviewJobInput, ReviewKind } from "../contracts/review-job.ts";
import type { Job } from "../jobs/types.ts";
import { UsageError } from "../lib/errors.ts";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";
import { ccHint } from "../lib/invocation.ts";
import type { ReviewFormat } from "../review/output-format.ts";
import type { ReviewTarget } from "../review/target.ts";

export interface ReviewCommandArgs {
  kind: ReviewKind;
  scope?: string;
  base?: string;
  model?: string;
  effort?: string;
  background?: boolean;
  wait?: boolean;
  json?: boolean;
  progress?: boolean;
  /** cc-plugin-codex's --quiet-progress: the same as --no-progress. */
  quietProgress?: boolean;
  /** --max-time: a whole-run limit (duration). */
  maxTime?: string;
  focus?: string;
  /** A revision instead of the user's tree (src/review/revision.ts). */
  ref?: string;
  range?: string;
  pr?: string;
  forge?: string;
  sinceLast?: boolean;
  /** Output format and the CI exit rule (src/review/output-format.ts). */
  format?: string;
  failOn?: string;
}

const TITLES: Record<ReviewKind, string> = { review: "Review", "adversarial-review": "Adversarial review" };

const say = (line: string) => process.stderr.write(`cc: ${line}\n`);
const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;

export async function reviewCommand(args: ReviewCommandArgs): Promise<ExitCodeValue> {
  // Progress notes only where someone watches them: Codex merges stderr into the result it shows.
  const { wantsProgress } = await import("./_progress.ts");
  const progress = wantsProgress(args.quietProgress ? false : args.progress);
  const note = (line: string) => progress && say(line);

  // Flags first: a bad flag must fail before any git or Claude work.
  const { assertOneRunMode } = await import("./_deliver.ts");
  assertOneRunMode(args);
  const focus = args.focus?.trim() ?? "";
  if (args.kind === "review" && focus) {
    throw new UsageError(
      `${ccHint("review")} takes no focus text (got "${focus.slice(0, 60)}")`,
      `To aim the review at something, use ${ccHint("adversarial-review", "<focus>")}.`,
    );
  }
  const { parseScope } = await import("../review/target.ts");
  const scope = parseScope(args.scope);
  const { modelAndEffort } = await import("../claude/options.ts");
  const choice = modelAndEffort(args, say);

  const { parseFormat, parseFailOn, failOnExitCode } = await import("../review/output-format.ts");
  const format = parseFormat(args.format, args.json);
  const failOn = parseFailOn(args.failOn);
  const { wantsRevision, resolveRevisionTarget } = await import("../review/revision.ts");
  const revisionWanted = wantsRevision(args);
  if (revisionWanted && args.scope !== undefined)
    throw new UsageError("--scope chooses between your own working tree and branch; --ref, --range and --pr name something else", "Drop --scope.");
  if (args.sinceLast && !revisionWanted)
    throw new UsageError("--since-last needs what to remember the last review of", "Pass --ref <branch>, --range a..b or --pr <N> with it.");

  const { resolveTarget } = await import("../review/target.ts");
  let resolution: Awaited<ReturnType<typeof resolveTarget>>;
  // What a killed review left behind (a checkout, a private ref) goes first.
  const { sweepReviewLeftovers } = await import("../review/leftovers.ts");
  sweepReviewLeftovers(process.cwd());
  if (revisionWanted) {
    resolution = await resolveRevisionTarget({
      kind: args.kind,
      cwd: process.cwd(),
      ref: args.ref,
      range: args.range,
      pr: args.pr,
      forge: args.forge,
      base: args.base,
      sinceLast: args.sinceLast,
    });
  } else {
    resolution = await resolveTarget({ cwd: process.cwd(), scope, ...(args.base !== undefined ? { base: args.base } : {}) });
  }
  const version = async () => (await import("../lib/build-info.ts")).buildInfo().version;
  if (resolution.kind === "nothing") {
    if (format === "json") process.stdout.write(`${JSON.stringify({ status: "nothing-to-review", message: resolution.message })}\n`);
    else if (format === "text") process.stdout.write(`${resolution.message}\n`);
    else process.stdout.write((await import("../render/review-format.ts")).renderNothingAs(format, args.kind, resolution.message, await version()));
    return ExitCode.ok;
  }
  const target = resolution.target;
  // A checked-out revision is removed when the review ends here; a background job's worker removes it.
  let launched = false;
  try {
    return await reviewTarget(args, target, { format, failOn, choice, focus, note, progress, version, failOnExitCode, onLaunch: () => (launched = true) });
  } finally {
    if (target.mode === "revision" && !launched) (await import("../review/checkout.ts")).removeCheckout(target.revision.checkout);
  }
}

interface RunSettings {
  format: ReviewFormat;
  failOn: Severity | null;
  choice: { model?: string; effort?: Effort };
  focus: string;
  note: (line: string) => void;
  progress: boolean;
  version: () => Promise<string>;
  failOnExitCode: (job: Job, code: ExitCodeValue, failOn: Severity | null) => ExitCodeValue;
  onLaunch: () => void;
}

async function reviewTarget(args: ReviewCommandArgs, target: ReviewTarget, run: RunSettings): Promise<ExitCodeValue> {
  const { format, failOn, choice, focus, note, progress } = run;
  if (target.mode === "revision" && target.revision.fullReason) say(`--since-last: ${target.revision.fullReason}.`);
  else if (target.mode === "revision" && target.revision.since) {
    const { since } = target.revision;
    const shown = since.newCommits
      .slice(0, 10)
      .map((line) => `\n  ${line}`)
      .join("");
    const more = target.commits > 10 ? `\n  … and ${target.commits - 10} more` : "";
    say(`--since-last: reviewing only the ${target.commits} commit(s) after ${since.commit.slice(0, 12)}, the last reviewed one:${shown}${more}`);
  }

  const [{ readConfig }, { buildReviewPrompt, DEFAULT_PROMPT_BUDGET }, { reviewJsonSchema }] = await Promise.all([
    import("../lib/config.ts"),
    import("../review/prompt.ts"),
    import("../contracts/review-findings.ts"),
  ]);
  const config = readConfig();
  const { resolveLimits } = await import("../jobs/limits.ts");
  const limits = resolveLimits({ maxTime: args.maxTime, config });
  const budget = config.reviewPromptBudget ?? DEFAULT_PROMPT_BUDGET;
  note(`collecting the ${target.label}…`);
  const built = await buildReviewPrompt({ kind: args.kind, target, focus, budget });
  const ctx = built.context;
  note(
    ctx.complete
      ? `prompt ${kib(built.bytes)} (budget ${kib(budget)}): all ${ctx.stats.files} changed file(s) inlined`
      : `prompt ${kib(built.bytes)} (budget ${kib(budget)}): ${ctx.stats.inlined} of ${ctx.stats.files} changed files inlined; Claude will inspect the rest with read-only git`,
  );

  const kindInput: ReviewJobInput = {
    kind: args.kind,
    mode: target.mode,
    label: target.label,
    focus: focus || null,
    context: { files: ctx.stats.files, inlined: ctx.stats.inlined, complete: ctx.complete, promptBytes: built.bytes, budgetBytes: budget },
    ...(target.mode === "revision"
      ? {
          revision: {
            kind: target.revision.kind,
            spec: target.revision.spec,
            commit: target.head,
            from: target.mergeBase,
            userRepo: target.revision.userRepo,
            checkout: target.revision.checkout,
            key: target.revision.key,
            since: target.revision.since?.commit ?? null,
            fullReason: target.revision.fullReason,
          },
        }
      : {}),
  };
  const { currentWorkspace } = await import("../lib/workspace.ts");
  const spec = {
    kind: args.kind,
    summary: `${TITLES[args.kind]} of the ${target.label}${focus ? ` — focus: ${focus}` : ""}`,
    request: {
      prompt: built.prompt,
      cwd: target.repoRoot,
      profile: "read-only" as const,
      jsonSchema: reviewJsonSchema(),
      limits,
      // `cc steer` can add to the review's instructions while it runs.
      steerable: true,
      ...choice,
    },
    workspace: currentWorkspace(),
    kindInput,
  };

  // Neither flag: a large change goes to the background rather than holding the Codex turn (not
  // for a machine format or --fail-on: a pipeline waits for its answer).
  let background = args.background === true;
  if (!background && !args.wait && format === "text" && failOn === null) {
    const { reviewBackgroundReason } = await import("../review/run-mode.ts");
    const reason = reviewBackgroundReason(ctx.stats, config.reviewBackgroundAbove);
    if (reason) {
      background = true;
      const line = `A large change (${reason}; reviewBackgroundAbove in config.json): the review runs in the background. Pass --wait to wait for it instead.`;
      if (format !== "text") say(line);
      else process.stdout.write(`${line}\n`);
    }
  }
  if (!background) note(`Claude is reviewing (read-only); Ctrl-C cancels`);
  const { deliverJob } = await import("./_deliver.ts");
  if (background) run.onLaunch();
  const machine = format === "markdown" || format === "sarif" || format === "github" ? format : null;
  const present = machine ? async (job: Job) => (await import("../render/review-format.ts")).renderReviewAs(machine, job, await run.version()) : undefined;
  return deliverJob(spec, { background, json: format === "json", progress, present, exitCode: (job, code) => run.failOnExitCode(job, code, failOn) });
}
