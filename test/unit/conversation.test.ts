/** Pure parts of conversations: the ask-back marker, the notices' wording, and the schema change on an older table. */

import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { parkedQuestion } from "../../src/jobs/ask-back.ts";
import { conversationMigration } from "../../src/jobs/messages-schema.ts";
import type { Job } from "../../src/jobs/types.ts";
import { renderFinishedLine, renderNudge } from "../../src/render/notices.ts";

describe("ask-back marker", () => {
  test("only a last line `NEEDS INPUT: <question>` parks a job", () => {
    expect(parkedQuestion("Did most of it.\nNEEDS INPUT: Which port?")).toBe("Which port?");
    expect(parkedQuestion("Did it.\n**NEEDS INPUT:** Keep the old API?  \n")).toBe("Keep the old API?");
    expect(parkedQuestion("NEEDS INPUT: which port?\nThen I went on and finished.")).toBeNull();
    expect(parkedQuestion("All done.")).toBeNull();
    expect(parkedQuestion("NEEDS INPUT:   ")).toBeNull();
    expect(parkedQuestion(null)).toBeNull();
    expect(parkedQuestion(`NEEDS INPUT: ${"x".repeat(1000)}`)!.length).toBe(300);
  });
});

describe("notices of a parked job", () => {
  const job = { id: "rescue-abc123", kind: "rescue", status: "needs-input", summary: "set up the server" } as Job;
  const done = { id: "review-def456", kind: "review", status: "completed", summary: "review" } as Job;
  const questions = new Map([[job.id, "Which port should the server listen on?"]]);

  test("the Stop line shows the question in one line with the answer command", () => {
    const line = renderFinishedLine([job, done], "this turn", { questions });
    expect(line).toBe(
      "cc: rescue-abc123 (rescue) asks: Which port should the server listen on? — $cc:steer rescue-abc123 <answer>; review-def456 (review) finished during this turn — $cc:result review-def456",
    );
    expect(line).not.toContain("\n");
  });

  test("the model is given the question once and told to pass the user's answer on, not to answer it", () => {
    const nudge = renderNudge([job], { questions });
    expect(nudge.match(/Which port/g)).toHaveLength(1);
    expect(nudge).toContain("$cc:steer rescue-abc123 <their answer>");
    expect(nudge).toContain("do not answer it yourself");
    expect(renderNudge([job, done], { questions })).toContain("$cc:result review-def456");
  });
});

describe("the conversation migration", () => {
  test("rebuilds an older jobs table with its rows, other branches' columns and indexes, and allows needs-input", () => {
    const db = new Database(":memory:", { strict: true });
    db.exec(`CREATE TABLE jobs (
       id TEXT PRIMARY KEY,
       status TEXT NOT NULL CHECK (status IN ('queued','running','completed','failed','cancelled')),
       finished_at INTEGER
     );
     ALTER TABLE jobs ADD COLUMN added_elsewhere TEXT;
     CREATE INDEX jobs_active ON jobs (status) WHERE status IN ('queued','running');
     INSERT INTO jobs (id, status, finished_at, added_elsewhere) VALUES ('rescue-a', 'completed', 1, 'kept');`);
    expect(() => db.exec("UPDATE jobs SET status = 'needs-input'")).toThrow(/CHECK/);
    db.transaction(() => conversationMigration(db)).immediate();
    expect(db.query("SELECT id, status, added_elsewhere FROM jobs").all()).toEqual([{ id: "rescue-a", status: "completed", added_elsewhere: "kept" }]);
    db.exec("UPDATE jobs SET status = 'needs-input'");
    expect(() => db.exec("UPDATE jobs SET status = 'bogus'")).toThrow(/CHECK/);
    const indexes = (db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as { name: string }[]).map(
      (r) => r.name,
    );
    expect(indexes).toEqual(["job_messages_by_job", "jobs_active", "jobs_needs_input"]);
    // Running it again (a database already migrated) changes nothing.
    db.transaction(() => conversationMigration(db)).immediate();
    expect(db.query("SELECT count(*) AS n FROM jobs").get()).toEqual({ n: 1 });
  });
});
