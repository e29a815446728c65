/**
 * A rescue's result as the user reads it (issue 25): one resume hint that names the rescue by id
 * (right whenever it is read), a cancel reason said once, and no Undo after "No files changed".
 */
import { describe, expect, test } from "bun:test";
import type { RescueJobInput, RescueJobOutput } from "../../src/contracts/rescue-job.ts";
import type { Job } from "../../src/jobs/types.ts";
import { renderRescueResult } from "../../src/render/rescue.ts";

const inCodex = { inCodex: true, program: "/opt/cc/bin/cc" };
const snapshot = {
  id: "rescue-new",
  gitDir: "/r/.git",
  state: { headRef: "refs/heads/main", headCommit: "c0ffee", refs: {}, stash: [], index: "1".repeat(40), worktree: "2".repeat(40), reason: null },
};
const input = (over: Partial<RescueJobInput> = {}): RescueJobInput => ({
  before: { tree: "t", head: "h", reason: null },
  resumedFrom: null,
  readOnly: false,
  snapshot,
  sandboxed: true,
  continuable: null,
  ...over,
});
const output = (files: RescueJobOutput["changes"]["files"]): RescueJobOutput => ({
  changes: { files, stat: files.map((f) => ` ${f.path} | 2 +-`).join("\n"), headMoved: false, unavailable: null },
});

function job(over: Partial<Job>): Job {
  return {
    id: "rescue-new",
    kind: "rescue",
    status: "completed",
    summary: "task",
    resultText: "Done.",
    costUsd: 0.01,
    turns: 2,
    claudeSession: "11111111-2222-3333-4444-555555555555",
    codexSession: "thread",
    resumeCommand: "cd /r && claude --resume 11111111-2222-3333-4444-555555555555",
    errorClass: null,
    errorMessage: null,
    kindInput: input(),
    kindOutput: output([{ path: "a.txt", added: 1, deleted: 1 }]),
    ...over,
  } as Job;
}

describe("a rescue's result", () => {
  test("one resume hint, by id; a fresh run that could have continued an earlier rescue names that one by id too", () => {
    const text = renderRescueResult(job({ kindInput: input({ continuable: "rescue-old" }) }), inCodex);
    expect(text.match(/--resume/g)).toHaveLength(2);
    expect(text).toContain(
      "To continue it: `$cc:rescue --resume rescue-new` (a fresh Claude session; `$cc:rescue --resume rescue-old` continues the earlier rescue-old instead)",
    );
    expect(text).not.toContain("--fresh leaves");
    expect(text).not.toContain("claude --resume");
    expect(text).not.toMatch(/`\$cc:rescue --resume`/); // never the bare form, whose meaning changes with every new rescue
  });

  test("a cancel reason is said once, in words", () => {
    const ended = renderRescueResult(
      job({ status: "cancelled", errorClass: "cancelled", errorMessage: "Cancelled: the session it was started from ended." }),
      inCodex,
    );
    expect(ended).toContain("Job rescue-new (rescue) was cancelled: the session it was started from ended.");
    const user = renderRescueResult(job({ status: "cancelled", errorClass: "cancelled", errorMessage: "Cancelled by the user." }), inCodex);
    expect(user).toContain("Job rescue-new (rescue) was cancelled by the user.");
    expect(user).not.toMatch(/[Cc]ancelled\W+Cancelled/);
  });

  test("no Undo line after 'No files changed.'; one after a change", () => {
    const none = renderRescueResult(job({ kindOutput: output([]) }), inCodex);
    expect(none).toContain("No files changed.");
    expect(none).not.toContain("Undo:");
    expect(renderRescueResult(job({}), inCodex)).toContain("Undo: $cc:rescue --undo rescue-new");
  });
});
