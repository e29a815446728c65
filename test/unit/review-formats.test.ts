/** The machine renderings of a stored review (pure): edge cases the integration tests do not reach. */
import { describe, expect, test } from "bun:test";
import type { ReviewJobInput } from "../../src/contracts/review-job.ts";
import type { Job } from "../../src/jobs/types.ts";
import { reviewAnnotations } from "../../src/render/annotations.ts";
import { reviewSarif } from "../../src/render/sarif.ts";
import { failOnExitCode } from "../../src/review/output-format.ts";

const input: ReviewJobInput = {
  kind: "review",
  mode: "revision",
  label: "pull request #7 against main (1 commit since abc)",
  focus: null,
  context: { files: 1, inlined: 1, complete: true, promptBytes: 100, budgetBytes: 262144 },
  revision: {
    kind: "pr",
    spec: "7",
    commit: "c".repeat(40),
    from: "a".repeat(40),
    userRepo: "/r",
    checkout: "t",
    key: "pr:github:7",
    since: null,
    fullReason: null,
  },
};
const finding = { severity: "medium", title: "T", body: "B", file: "./src\\win.ts", line_start: 9, line_end: 4, confidence: 0.5, recommendation: "R" };
const job = (partial: Partial<Job>) =>
  ({
    id: "review-1",
    kind: "review",
    status: "completed",
    kindInput: input,
    kindOutput: { findings: { verdict: "needs-attention", summary: "S", findings: [finding], next_steps: [] }, note: null },
    resultText: "",
    errorMessage: null,
    ...partial,
  }) as Job;

describe("review formats", () => {
  test("SARIF: a Windows-style or ./ path becomes a relative URI; an end line before the start line is clamped", () => {
    const log = reviewSarif(job({}), { version: "9.9.9" }) as any;
    const loc = log.runs[0].results[0].locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).toBe("src/win.ts");
    expect(loc.region).toEqual({ startLine: 9, endLine: 9 });
    expect(log.runs[0].results[0].level).toBe("warning");
    expect(log.runs[0].tool.driver.version).toBe("9.9.9");
  });

  test("annotations: the same path and line clean-up; a failed or cancelled review is one error line", () => {
    expect(reviewAnnotations(job({})).split("\n")[0]).toBe("::warning file=src/win.ts,line=9,endLine=9,title=[medium] T::B%0A%0ARecommendation: R");
    expect(reviewAnnotations(job({ status: "failed", errorMessage: "boom\nagain" }))).toBe("::error title=cc review::The review failed: boom%0Aagain\n");
    expect(reviewAnnotations(job({ status: "cancelled", errorMessage: null }))).toBe("::error title=cc review::The review was cancelled: no reason recorded\n");
  });

  test("--fail-on: a medium finding trips medium and low, not high; a failed job keeps its own code", () => {
    expect(failOnExitCode(job({}), 0, "medium")).toBe(6);
    expect(failOnExitCode(job({}), 0, "low")).toBe(6);
    expect(failOnExitCode(job({}), 0, "high")).toBe(0);
    expect(failOnExitCode(job({}), 0, null)).toBe(0);
    expect(failOnExitCode(job({ status: "failed" }), 3, "low")).toBe(3);
  });
});

describe("the finisher keeps findings repository-relative", () => {
  test("a path Claude gives absolute under its working directory (a review checkout) or the workspace is made relative", async () => {
    const { finishReview } = await import("../../src/review/finish.ts");
    const output = {
      verdict: "needs-attention",
      summary: "S",
      findings: [
        { ...finding, file: "/data/checkouts/t1/tree/src/a.ts" },
        { ...finding, file: "/home/u/repo/src/b.ts" },
        { ...finding, file: "/etc/other.conf" },
        { ...finding, file: "src/c.ts" },
      ],
      next_steps: [],
    };
    const plain = { ...input, mode: "working-tree" as const, revision: undefined };
    const result = finishReview(job({ kindInput: plain, workspaceRoot: "/home/u/repo" }), {
      ok: true,
      errorClass: null,
      message: "",
      sessionId: "s",
      cwd: "/data/checkouts/t1/tree",
      resumeCommand: null,
      text: "",
      structured: output,
      hasStructured: true,
      costUsd: null,
      inputTokens: null,
      outputTokens: null,
      turns: 1,
      durationMs: 1,
      model: null,
      permissionDenials: [],
      exitCode: 0,
      signal: null,
    } as any);
    expect((result.kindOutput as any).findings.findings.map((f: any) => f.file)).toEqual(["src/a.ts", "src/b.ts", "/etc/other.conf", "src/c.ts"]);
  });
});
