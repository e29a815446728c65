/**
 * The flow of `cc review` and `cc adversarial-review`: pick the target, build the budgeted prompt,
 * then run it as a job (foreground or background) with the read-only profile and the findings
 * schema. Nothing reaches Claude when there is nothing to review.
 */
import { UsageError } from "../lib/errors.ts";
import { ExitCode, type ExitCodeValue } from "../lib/exit-codes.ts";
import type { ReviewJobInput, ReviewKind } from "../contracts/review-job.ts";
import { ccHint } from "../lib/invocation.ts";

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
    throw new UsageError(`${ccHint("review")} takes no focus text (got "${focus.slice(0, 60)}")`, `To aim the review at something, use ${ccHint("adversarial-review", "<focus>")}.`);
  }
  const { parseScope } = await import("../review/target.ts");
  const scope = parseScope(args.scope);
  const { modelAndEffort } = await import("../claude/options.ts");
  const choice = modelAndEffort(args, say);

  const { resolveTarget } = await import("../review/target.ts");
  const resolution = await resolveTarget({ cwd: process.cwd(), scope, ...(args.base !== undefined ? { base: args.base } : {}) });
  if (resolution.kind === "nothing") {
    process.stdout.write(args.json ? `${JSON.stringify({ status: "nothing-to-review", message: resolution.message })}\n` : `${resolution.message}\n`);
    return ExitCode.ok;
  }
  const target = resolution.target;

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
      ...choice,
    },
    workspace: currentWorkspace(),
    kindInput,
  };

  // Neither flag: a large change goes to the background rather than holding the Codex turn.
  let background = args.background === true;
  if (!background && !args.wait) {
    const { reviewBackgroundReason } = await import("../review/run-mode.ts");
    const reason = reviewBackgroundReason(ctx.stats, config.reviewBackgroundAbove);
    if (reason) {
      background = true;
      const line = `A large change (${reason}; reviewBackgroundAbove in config.json): the review runs in the background. Pass --wait to wait for it instead.`;
      if (args.json) say(line);
      else process.stdout.write(`${line}\n`);
    }
  }
  if (!background) note(`Claude is reviewing (read-only); Ctrl-C cancels`);
  const { deliverJob } = await import("./_deliver.ts");
  return deliverJob(spec, { background, json: args.json === true, progress });
}
