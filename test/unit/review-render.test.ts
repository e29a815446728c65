/** Structured review findings: the embedded JSON schema, its zod mirror, and how a review reads. */
import { describe, expect, test } from "bun:test";
import type { ClaudeOutcome } from "../../src/claude/types.ts";
import { findingSchema, parseReviewOutput, type ReviewOutput, reviewJsonSchema, reviewOutputSchema } from "../../src/contracts/review-findings.ts";
import type { ReviewJobInput } from "../../src/contracts/review-job.ts";
import type { Job } from "../../src/jobs/types.ts";
import { renderJobList } from "../../src/render/job-list.ts";
import { renderReviewResult as render, renderReviewBody, reviewJson } from "../../src/render/review.ts";
import { finishReview as finish } from "../../src/review/finish.ts";

const sample: ReviewOutput = {
  verdict: "needs-attention",
  summary: "The change adds caching but invalidates it wrongly.",
  findings: [
    {
      severity: "low",
      title: "Typo in log message",
      body: "Says 'cahce'.",
      file: "src/log.ts",
      line_start: 4,
      line_end: 4,
      confidence: 0.95,
      recommendation: "Fix the spelling.",
    },
    {
      severity: "critical",
      title: "Stale reads after writes",
      body: "put() never clears the cache.\nReaders see old data.",
      file: "src/cache.ts",
      line_start: 10,
      line_end: 18,
      confidence: 0.8,
      recommendation: "Invalidate in put().",
    },
    {
      severity: "high",
      title: "Unbounded growth",
      body: "No eviction.",
      file: "src/cache.ts",
      line_start: 3,
      line_end: 3,
      confidence: 0.6,
      recommendation: "Add an LRU bound.",
    },
  ],
  next_steps: ["Fix the invalidation", "Add a test for put() then get()"],
};

const meta: ReviewJobInput = {
  kind: "review",
  mode: "working-tree",
  label: "working tree of main (0 staged files, 2 unstaged files, 0 untracked files)",
  focus: null,
  context: { files: 2, inlined: 2, complete: true, promptBytes: 5000, budgetBytes: 262144 },
};

function outcome(partial: Partial<ClaudeOutcome>): ClaudeOutcome {
  return {
    ok: true,
    errorClass: null,
    message: "",
    sessionId: "s",
    cwd: "/r",
    resumeCommand: null,
    text: "",
    structured: undefined,
    hasStructured: false,
    costUsd: null,
    inputTokens: null,
    outputTokens: null,
    turns: 1,
    durationMs: 1,
    model: null,
    permissionDenials: [],
    exitCode: 0,
    signal: null,
    ...partial,
  };
}

function job(partial: Partial<Job>): Job {
  return {
    id: "rev-1",
    kind: "review",
    status: "completed",
    summary: "Review",
    kindInput: meta,
    kindOutput: null,
    resultText: "",
    costUsd: null,
    turns: 1,
    claudeSession: "abc",
    resumeCommand: "cd /r && claude --resume abc",
    errorMessage: null,
    errorClass: null,
    ...partial,
  } as Job;
}

describe("the JSON schema Claude gets", () => {
  test("is generated from the zod schema: same fields, requirements and enums, no extra properties, with descriptions", () => {
    const schema = reviewJsonSchema() as any;
    const item = schema.properties.findings.items;
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(reviewOutputSchema.shape).sort());
    expect([...schema.required].sort()).toEqual(Object.keys(reviewOutputSchema.shape).sort());
    expect(Object.keys(item.properties).sort()).toEqual(Object.keys(findingSchema.shape).sort());
    expect([...item.required].sort()).toEqual(Object.keys(findingSchema.shape).sort());
    expect(schema.properties.verdict.enum).toEqual(reviewOutputSchema.shape.verdict.options);
    expect(item.properties.severity.enum).toEqual(findingSchema.shape.severity.options);
    expect(schema.additionalProperties).toBe(false);
    expect(item.additionalProperties).toBe(false);
    expect(item.properties.line_start.type).toBe("integer");
    expect(schema.properties.summary.description).toContain("overall assessment");
    expect(schema.$schema).toBeUndefined();
  });

  test("validation: the sample passes; wrong shapes say where", () => {
    expect(parseReviewOutput(sample)).toEqual({ ok: true, output: sample });
    expect(parseReviewOutput(undefined, false)).toEqual({ ok: false, problem: "Claude returned no structured findings" });
    const bad = parseReviewOutput({ ...sample, findings: [{ ...sample.findings[0], line_start: 0 }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problem).toContain("findings.0.line_start");
    expect(parseReviewOutput({ ...sample, extra: 1 }).ok).toBe(false);
  });
});

describe("rendering", () => {
  test("findings are grouped by severity, most severe first, with file:line", () => {
    const text = renderReviewBody(meta, { findings: sample, note: null }, "ignored");
    expect(text).toStartWith(`# Claude Code review: ${meta.label}\n`);
    expect(text).toContain("**Verdict: needs attention** — 1 critical, 1 high, 1 low");
    const order = [
      "## Critical",
      "**src/cache.ts:10-18** — Stale reads after writes (confidence 80%)",
      "## High",
      "**src/cache.ts:3** — Unbounded growth",
      "## Low",
      "**src/log.ts:4**",
      "## Next steps",
      "- Fix the invalidation",
    ];
    let at = -1;
    for (const piece of order) {
      const next = text.indexOf(piece);
      expect(next, piece).toBeGreaterThan(at);
      at = next;
    }
    expect(text).toContain("  put() never clears the cache.\n  Readers see old data.");
    expect(text).toContain("  Recommendation: Invalidate in put().");
    expect(text).not.toContain("## Medium");
    expect(text).not.toContain("ignored");
  });

  test("an approval without findings says so", () => {
    const text = renderReviewBody(
      { ...meta, kind: "adversarial-review", focus: "rollout" },
      { findings: { verdict: "approve", summary: "Fine.", findings: [], next_steps: [] }, note: null },
      "",
    );
    expect(text).toContain("# Claude Code adversarial review:");
    expect(text).toContain("Focus: rollout");
    expect(text).toContain("**Verdict: approve** — no findings");
  });

  test("a partial context is mentioned", () => {
    const text = renderReviewBody({ ...meta, context: { ...meta.context, files: 3000, inlined: 40, complete: false } }, { findings: sample, note: null }, "");
    expect(text).toContain("40 of 3000 changed files were inlined");
  });
});

describe("the finisher and the job renderer", () => {
  test("valid structured output: stored findings, verdict in the summary, rendered like the foreground", () => {
    const done = finish(job({}), outcome({ structured: sample, hasStructured: true, text: JSON.stringify(sample) }));
    expect(done.summary).toBe("needs-attention (1 critical, 1 high, 1 low) — Review");
    const j = job({ kindOutput: done.kindOutput });
    const out = render(j);
    expect(out).toContain("## Critical");
    expect(out).toContain("Resume: cd /r && claude --resume abc");
    expect(reviewJson(j)).toEqual(sample);
  });

  test("cc status cuts a long review target, never the verdict that tells two rows apart", () => {
    const target = "Review of the working tree of main (0 staged files, 1 unstaged file, 0 untracked files)";
    const done = finish(job({ summary: target }), outcome({ structured: sample, hasStructured: true, text: "" }));
    const row = renderJobList([job({ summary: done.summary!, status: "completed" })], { title: "Jobs", hidden: 0, style: { inCodex: true, program: "cc" } })
      .split("\n")
      .find((l) => l.startsWith("rev-1"))!;
    expect(row).toContain("needs-attention (1 critical, 1 high, 1 low) — Review of the working tree");
  });

  test("invalid or missing structured output falls back to Claude's text with a note", () => {
    for (const o of [
      outcome({ text: "Plain text review: looks fine." }),
      outcome({ structured: { verdict: "maybe" }, hasStructured: true, text: "Plain text review: looks fine." }),
    ]) {
      const done = finish(job({}), o);
      expect(done.summary).toBeUndefined();
      const j = job({ kindOutput: done.kindOutput, resultText: o.text });
      const out = render(j);
      expect(out).toContain("> Note: Claude");
      expect(out).toContain("showing Claude's reply as text.");
      expect(out).toContain("Plain text review: looks fine.");
      expect(reviewJson(j)).toMatchObject({ findings: null, text: "Plain text review: looks fine." });
    }
  });

  test("prose instead of findings is recovered as a completed review; exhausted retries are not", () => {
    const prose = { ok: false, errorClass: "structured_output_failed" as const, text: "All good." };
    expect(finish(job({}), outcome({ ...prose, exitCode: 0 })).recovered).toBe(true);
    expect(finish(job({}), outcome({ ...prose, exitCode: 1 })).recovered).toBeUndefined();
    expect(finish(job({}), outcome({ ok: false, errorClass: "overloaded", exitCode: 0, text: "x" })).recovered).toBeUndefined();
  });

  test("a failed review renders as a failure, not as findings", () => {
    const out = render(job({ status: "failed", errorMessage: "Claude's API said: overloaded", resultText: "" }));
    expect(out).toContain("failed: Claude's API said: overloaded");
  });
});
