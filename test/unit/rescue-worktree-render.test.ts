/** Issue 26: what the hooks and `cc status` say about a worktree rescue whose work waits to be applied. */
import { describe, expect, test } from "bun:test";
import type { Job } from "../../src/jobs/types.ts";
import { renderFinishedLine, renderNudge } from "../../src/render/notices.ts";
import { renderHeldWorktrees } from "../../src/render/rescue-worktree.ts";

const job = (id: string): Job => ({ id, kind: "rescue", status: "completed", summary: "fix the test" }) as Job;
const codex = { inCodex: true, program: "cc" };

describe("worktree notices", () => {
  test("the nudge and the Stop line say a finished worktree rescue waits for $cc:apply; others are unchanged", () => {
    const jobs = [job("rescue-aaaaaa"), job("rescue-bbbbbb")];
    const toApply = new Set(["rescue-aaaaaa"]);
    const nudge = renderNudge(jobs, { toApply });
    expect(nudge).toContain("rescue-aaaaaa (rescue, finished): fix the test; its changes wait in a worktree until `$cc:apply rescue-aaaaaa`");
    expect(nudge).not.toContain("$cc:apply rescue-bbbbbb");
    const line = renderFinishedLine(jobs, "this turn", { toApply });
    expect(line).toContain("$cc:result rescue-aaaaaa, then $cc:apply rescue-aaaaaa");
    expect(line).not.toContain("$cc:apply rescue-bbbbbb");
    expect(renderNudge(jobs)).not.toContain("$cc:apply");
  });

  test("status lists held worktrees with their size and the next step", () => {
    const text = renderHeldWorktrees(
      [
        { id: "rescue-aaaaaa", status: "failed", state: "held", bytes: 3 * 1024 * 1024 },
        { id: "rescue-bbbbbb", status: "completed", state: "applied", bytes: 2048 },
        { id: "rescue-cccccc", status: "queued", state: "held", bytes: 0 },
      ],
      codex,
    );
    expect(text).toContain("rescue-aaaaaa: 3.0 MB, waiting to be applied: $cc:apply rescue-aaaaaa or $cc:discard rescue-aaaaaa");
    expect(text).toContain("rescue-bbbbbb: 2 KB, applied; $cc:discard rescue-bbbbbb frees it");
    expect(text).toContain("rescue-cccccc: queued");
    expect(renderHeldWorktrees([], codex)).toBe("");
  });
});
