/**
 * Two sandboxed claude runs at once with the same sandbox settings (two worktree rescues of one
 * repository): every command of each runs in its sandbox and each run's edits come back. Given the
 * settings as JSON, claude kept them in a temp file named after their content, shared by both runs;
 * one run's cleanup removed it while the other's command started (`bwrap: Can't find source path
 * …/claude-settings-….json`): that edit was lost and the job still "completed" (seen in CI as a
 * rescue whose result read as unchanged). Real claude (mock model), cc from source.
 */
import { expect, test } from "bun:test";
import { sandboxAvailability } from "../../src/claude/sandbox.ts";
import { reply } from "../support/anthropic-mock.ts";
import { describeRun } from "../support/processes.ts";
import { world } from "../support/world.ts";

const available = sandboxAvailability();
if (!available.ok) console.warn(`skipping the concurrent sandbox test: ${available.reason}`);
const sandboxTest = available.ok ? test : test.skip;

/** Each run's script: COMMANDS short commands, one after another, then its answer. */
const COMMANDS = 12;

sandboxTest(
  "two runs at once: every command of each runs in its sandbox, and each run's edits come back",
  async () => {
    await using w = world({
      repo: { "a.txt": "a\n" },
      claude: (req) => {
        const name = req.userText().includes("FIRST") ? "first" : "second";
        return req.toolResults < COMMANDS
          ? reply.tool("Bash", { command: `echo ${req.toolResults} >> ${name}.txt`, description: "append a line" })
          : reply.text(`${name} done`);
      },
    });
    const [one, two] = await Promise.all([w.cc(["rescue", "--background", "--json", "FIRST task"]), w.cc(["rescue", "--background", "--json", "SECOND task"])]);
    for (const launch of [one, two]) expect(launch.code, describeRun(launch)).toBe(0);
    const jobs: string[] = [JSON.parse(one.stdout).job, JSON.parse(two.stdout).job];
    const waited = await w.cc(["wait", ...jobs], { timeoutMs: 120000 });
    expect(waited.code, describeRun(waited)).toBe(0);
    const failed = w.claude.requests
      .flatMap((r) => r.results())
      .filter((r) => r.isError)
      .map((r) => r.content);
    expect(failed).toEqual([]);
    for (const [job, file] of [
      [jobs[0]!, "first.txt"],
      [jobs[1]!, "second.txt"],
    ] as const) {
      const detail = JSON.parse((await w.cc(["status", job, "--json"])).stdout).job;
      expect(detail.kindOutput.changes.files.map((f: { path: string }) => f.path)).toEqual([file]);
    }
  },
  150_000,
);
