/**
 * `cc status --all` reads a long history's progress columns with `storedProgress` instead of the job
 * model (src/jobs/listing.ts). Whatever it accepts, the model reads the same (so JSON.stringify
 * prints the same bytes); whatever else, it leaves to the model, which shows or skips the row.
 */
import { expect, test } from "bun:test";
import { storedProgress } from "../../src/jobs/listing.ts";
import { emptyProgress, JOB_COLUMNS, jobRowSchema } from "../../src/jobs/types.ts";

/** The model's reading of a row with this progress column: the progress, or undefined when it refuses the row. */
function modelProgress(text: string): unknown {
  const row: Record<string, unknown> = Object.fromEntries(JOB_COLUMNS.split(", ").map((c) => [c, null]));
  Object.assign(row, { id: "rescue-x", kind: "rescue", status: "completed", workspace_root: "/w", cwd: "/w", created_at: 1 });
  Object.assign(row, { profile: "write", summary: "s", log_path: "/l", progress: text });
  const parsed = jobRowSchema.safeParse(row);
  return parsed.success ? parsed.data.progress : undefined;
}

const written = { ...emptyProgress(), currentTool: "Read src/x.ts", toolCalls: 3, turns: 2, lastText: "“done” é", retries: 1 };

test("what cc writes is read as the model reads it", () => {
  for (const progress of [emptyProgress(), written, { ...written, lastEventAt: 1_790_670_355_096 }, { ...written, lastEventAt: null }]) {
    const text = JSON.stringify(progress);
    expect(storedProgress(text)).toEqual(progress);
    expect(JSON.stringify(storedProgress(text))).toBe(JSON.stringify(modelProgress(text)));
  }
});

test("anything else is left to the model: another shape, another order, another type, not JSON", () => {
  const { currentTool: _, ...noTool } = written;
  const others = [
    { ...written, newerField: 1 }, // a newer cc's progress: the model drops the key
    noTool,
    { ...written, toolCalls: 1.5 },
    { ...written, turns: -1 },
    { ...written, retries: "1" },
    { ...written, lastText: 7 },
    { ...written, toolCalls: 2 ** 53 },
    { ...written, lastEventAt: "now" },
  ].map((p) => JSON.stringify(p));
  others.splice(1, 0, JSON.stringify(written, ["toolCalls", "currentTool", "turns", "lastText", "retries"])); // another order: the model prints its own
  for (const text of [...others, "null", "[]", "{}", "7", '"text"', "{not json", ""]) {
    expect({ text, read: storedProgress(text) }).toEqual({ text, read: undefined });
  }
  // The ones the model reads differently from JSON.parse (others it refuses: the row is skipped and named).
  expect(JSON.stringify(modelProgress(others[0]!))).not.toBe(others[0]);
  expect(JSON.stringify(modelProgress(others[1]!))).not.toBe(others[1]);
});
