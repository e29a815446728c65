/**
 * Messages sent to a job (`cc steer`): recorded here first, by any process, then delivered by the
 * job's own process to claude's open stdin. A message's life: recorded → sent (written to stdin) →
 * delivered (claude replayed it: it reached the model) → replied (the turn that took it ended).
 * One that never reaches claude is moved to a continuing job, or marked undelivered, never dropped.
 *
 * What claude 2.1.332 does with a user message written while a turn runs (measured against the mock):
 * it is never lost and never interrupts. During a model response it waits until the turn ends and
 * then starts its own turn (`init … result` again); during a tool call it joins the running turn,
 * appended to the tool result ("The user sent a new message while you were working: …"), so that one
 * turn answers it. `--replay-user-messages` echoes each message when claude takes it. A
 * `control_request` `{"subtype":"interrupt"}` aborts the running turn at once
 * (`error_during_execution`, within ~50 ms) and claude then waits for the next message: that is
 * `cc steer --interrupt`.
 */
import { withDatabaseErrors } from "./db.ts";
import { followUpCounts } from "./listing.ts";
import type { JobStore } from "./store.ts";
import type { JobMessage } from "./types.ts";

/** The most text one message may carry (a paragraph or a pasted snippet, not a file). */
export const MAX_MESSAGE_CHARS = 32 * 1024;

interface MessageRow {
  id: number;
  job_id: string;
  role: string;
  interrupt: number;
  created_at: number;
  text: string;
  sent_at: number | null;
  delivered_at: number | null;
  reply: string | null;
  replied_at: number | null;
  moved_to: string | null;
  undelivered_at: number | null;
}

const fromRow = (r: MessageRow): JobMessage => ({
  id: r.id,
  jobId: r.job_id,
  role: r.role === "task" ? "task" : "steer",
  interrupt: r.interrupt === 1,
  createdAt: r.created_at,
  text: r.text,
  sentAt: r.sent_at,
  deliveredAt: r.delivered_at,
  reply: r.reply,
  repliedAt: r.replied_at,
  movedTo: r.moved_to,
  undeliveredAt: r.undelivered_at,
});

const COLUMNS = "id, job_id, role, interrupt, created_at, text, sent_at, delivered_at, reply, replied_at, moved_to, undelivered_at";
/** Still to be sent by the job's process: not written to claude, not moved, not given up. */
const OPEN = "role = 'steer' AND sent_at IS NULL AND moved_to IS NULL AND undelivered_at IS NULL";

export class MessageStore {
  constructor(private readonly store: JobStore) {}

  private guard<T>(fn: () => T): T {
    return withDatabaseErrors(this.store.path, fn);
  }

  /**
   * Record a message for a job that is queued or running and takes messages, in one statement that
   * checks the status: a job that ended meanwhile gets no message. Null when it did not take it.
   */
  record(jobId: string, text: string, opts: { interrupt?: boolean } = {}, now = Date.now()): JobMessage | null {
    return this.guard(() => {
      const row = this.store.db
        .query(
          `INSERT INTO job_messages (job_id, created_at, text, interrupt)
           SELECT id, ?, ?, ? FROM jobs WHERE id = ? AND status IN ('queued','running') AND json_extract(request_json, '$.steerable') = 1
           RETURNING ${COLUMNS}`,
        )
        .get(now, text, opts.interrupt ? 1 : 0, jobId) as MessageRow | null;
      return row ? fromRow(row) : null;
    });
  }

  /** Record a message as already moved to `movedTo` (a finished job continued in a new one). */
  recordMoved(jobId: string, text: string, movedTo: string, now = Date.now()): void {
    this.guard(() => this.store.db.query("INSERT INTO job_messages (job_id, created_at, text, moved_to) VALUES (?, ?, ?, ?)").run(jobId, now, text, movedTo));
  }

  /** Follow-ups per job for every job that has any: walks the messages, never the job history (a streamed `--all`). */
  allCounts(): Map<string, number> {
    const rows = this.guard(
      () =>
        this.store.db.query("SELECT job_id AS id, count(*) AS n FROM job_messages WHERE role = 'steer' GROUP BY job_id").all() as { id: string; n: number }[],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** How many messages were sent to each of these jobs (for a listing). */
  counts(jobIds: readonly string[]): Map<string, number> {
    return this.guard(() => followUpCounts(this.store.db, jobIds));
  }

  /** Every message of a job, oldest first. */
  of(jobId: string): JobMessage[] {
    return this.guard(() => (this.store.db.query(`SELECT ${COLUMNS} FROM job_messages WHERE job_id = ? ORDER BY id`).all(jobId) as MessageRow[]).map(fromRow));
  }

  /** Messages not yet written to claude, oldest first. */
  unsent(jobId: string): JobMessage[] {
    return this.guard(() =>
      (this.store.db.query(`SELECT ${COLUMNS} FROM job_messages WHERE job_id = ? AND ${OPEN} ORDER BY id`).all(jobId) as MessageRow[]).map(fromRow),
    );
  }

  markSent(id: number, now = Date.now()): void {
    this.guard(() => this.store.db.query("UPDATE job_messages SET sent_at = coalesce(sent_at, ?) WHERE id = ?").run(now, id));
  }

  /** claude took the oldest sent, undelivered message (its replay): that one is delivered. */
  markNextDelivered(jobId: string, now = Date.now()): void {
    this.guard(() =>
      this.store.db
        .query(
          "UPDATE job_messages SET delivered_at = ? WHERE id = (SELECT id FROM job_messages WHERE job_id = ? AND role = 'steer' AND sent_at IS NOT NULL AND delivered_at IS NULL ORDER BY id LIMIT 1)",
        )
        .run(now, jobId),
    );
  }

  /** The first turn ended: its text is the reply to the job's own task (kept: later turns replace the final text). */
  recordTaskReply(jobId: string, text: string, now = Date.now()): void {
    this.guard(() =>
      this.store.db
        .query("INSERT INTO job_messages (job_id, role, created_at, text, sent_at, delivered_at, reply, replied_at) VALUES (?, 'task', ?, '', ?, ?, ?, ?)")
        .run(jobId, now, now, now, text, now),
    );
  }

  /** A turn ended: its text is the reply to every delivered message still without one. */
  recordReply(jobId: string, text: string, now = Date.now()): void {
    this.guard(() =>
      this.store.db
        .query("UPDATE job_messages SET reply = ?, replied_at = ? WHERE job_id = ? AND role = 'steer' AND delivered_at IS NOT NULL AND replied_at IS NULL")
        .run(text, now, jobId),
    );
  }

  /** Messages sent but not yet taken by claude (still in its input queue). */
  inFlight(jobId: string): number {
    return this.guard(
      () =>
        (
          this.store.db
            .query("SELECT count(*) AS n FROM job_messages WHERE job_id = ? AND sent_at IS NOT NULL AND delivered_at IS NULL AND undelivered_at IS NULL")
            .get(jobId) as { n: number }
        ).n,
    );
  }

  /** The run ended: messages claude never took are marked undelivered (shown with the job, to send again). */
  markUndelivered(jobId: string, now = Date.now()): JobMessage[] {
    return this.guard(() =>
      (
        this.store.db
          .query(
            `UPDATE job_messages SET undelivered_at = ? WHERE job_id = ? AND delivered_at IS NULL AND moved_to IS NULL AND undelivered_at IS NULL RETURNING ${COLUMNS}`,
          )
          .all(now, jobId) as MessageRow[]
      ).map(fromRow),
    );
  }

  /** Messages claude never took, handed to job `movedTo` that continues the session with them. */
  moveUndelivered(jobId: string, movedTo: string): JobMessage[] {
    return this.guard(() =>
      (
        this.store.db
          .query(
            `UPDATE job_messages SET moved_to = ? WHERE job_id = ? AND delivered_at IS NULL AND moved_to IS NULL AND undelivered_at IS NULL RETURNING ${COLUMNS}`,
          )
          .all(movedTo, jobId) as MessageRow[]
      ).map(fromRow),
    );
  }

  /** Messages of a job that claude never took and nobody moved (after its run ended). */
  stranded(jobId: string): JobMessage[] {
    return this.guard(() =>
      (
        this.store.db
          .query(`SELECT ${COLUMNS} FROM job_messages WHERE job_id = ? AND delivered_at IS NULL AND moved_to IS NULL AND undelivered_at IS NULL ORDER BY id`)
          .all(jobId) as MessageRow[]
      ).map(fromRow),
    );
  }
}
