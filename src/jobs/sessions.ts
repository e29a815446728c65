/**
 * One row per Codex session cc's hooks have seen, in the `sessions` table of cc.db (the same
 * database as the jobs). Written by the hooks; read by the hooks and by anything that needs a
 * session's facts later — `transcript_path` is the Codex rollout file of the session (what
 * `cc transfer` reads), `origin` is how the session was started (`exec`, `cli`, `vscode`…, read from
 * that rollout), and the turn columns hold the current user turn: when it began, the review gate's
 * working-tree baseline and how often the gate blocked it.
 */
import type { Database } from "bun:sqlite";
import { z } from "../lib/small-zod.ts";
import { withDatabaseErrors } from "./db.ts";
import type { JobStore } from "./store.ts";

const int = z.int();
const sessionRowSchema = z.pipe(
  z.object({
    id: z.string(),
    cwd: z.string(),
    transcript_path: z.nullable(z.string()),
    source: z.nullable(z.string()),
    origin: z.nullable(z.string()),
    started_at: int,
    updated_at: int,
    ended_at: z.nullable(int),
    turn_id: z.nullable(z.string()),
    turn_started_at: z.nullable(int),
    baseline_json: z.nullable(z.string()),
    gate_blocks: int,
  }),
  z.transform((r) => ({
    id: r.id,
    cwd: r.cwd,
    transcriptPath: r.transcript_path,
    source: r.source,
    origin: r.origin,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    endedAt: r.ended_at,
    turnId: r.turn_id,
    turnStartedAt: r.turn_started_at,
    /** JSON the review gate stored at the start of the turn (its own schema: src/gate/baseline.ts). */
    baselineJson: r.baseline_json,
    gateBlocks: r.gate_blocks,
  })),
);

export type CodexSession = z.infer<typeof sessionRowSchema>;

export interface SessionFacts {
  id: string;
  cwd: string;
  transcriptPath?: string | null;
  source?: string | null;
  origin?: string | null;
}

export class SessionStore {
  private readonly db: Database;
  private readonly path: string;

  /** A JobStore, or just the database the hooks opened (SessionStart and SessionEnd need no more). */
  constructor(store: Pick<JobStore, "db" | "path">) {
    this.db = store.db;
    this.path = store.path;
  }

  private guard<T>(fn: () => T): T {
    return withDatabaseErrors(this.path, fn);
  }

  get(id: string): CodexSession | null {
    const row = this.guard(() => this.db.query("SELECT * FROM sessions WHERE id = ?").get(id));
    if (!row) return null;
    const parsed = sessionRowSchema.safeParse(row);
    return parsed.success ? parsed.data : null;
  }

  /** Insert the session, or refresh what is known about it (a resumed session keeps its first start). */
  record(facts: SessionFacts, now = Date.now()): void {
    this.guard(() =>
      this.db
        .query(
          `INSERT INTO sessions (id, cwd, transcript_path, source, origin, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET cwd = excluded.cwd, transcript_path = coalesce(excluded.transcript_path, transcript_path),
             source = coalesce(excluded.source, source), origin = coalesce(excluded.origin, origin), updated_at = excluded.updated_at, ended_at = NULL`,
        )
        .run(facts.id, facts.cwd, facts.transcriptPath ?? null, facts.source ?? null, facts.origin ?? null, now, now),
    );
  }

  /** A new user turn: its id, start time and (gate on) baseline; the gate's block count starts at 0. */
  beginTurn(facts: SessionFacts, turn: { turnId: string | null; baselineJson: string | null }, now = Date.now()): void {
    this.record(facts, now);
    this.guard(() =>
      this.db
        .query("UPDATE sessions SET turn_id = ?, turn_started_at = ?, baseline_json = ?, gate_blocks = 0, updated_at = ? WHERE id = ?")
        .run(turn.turnId, now, turn.baselineJson, now, facts.id),
    );
  }

  /**
   * cc itself changed the working tree during this session's current turn (a rescue, an undo): keep
   * the change, as two working-tree snapshots, beside the turn's baseline so the review gate can
   * leave it out. Nothing is kept when the turn has no baseline (the gate was off when it began).
   */
  recordCcEdit(id: string, edit: { before: string; after: string; by: string }): void {
    this.guard(() =>
      this.db
        .query(
          `UPDATE sessions SET baseline_json = json_set(baseline_json, '$.ccEdits',
             json_insert(coalesce(json_extract(baseline_json, '$.ccEdits'), json('[]')), '$[#]', json(?)))
           WHERE id = ? AND baseline_json IS NOT NULL AND json_valid(baseline_json)`,
        )
        .run(JSON.stringify(edit), id),
    );
  }

  /** The gate blocked a stop of this turn; returns the new count. */
  countGateBlock(id: string): number {
    const row = this.guard(() =>
      this.db.query("UPDATE sessions SET gate_blocks = gate_blocks + 1, updated_at = ? WHERE id = ? RETURNING gate_blocks").get(Date.now(), id),
    ) as { gate_blocks: number } | null;
    return row?.gate_blocks ?? 0;
  }

  end(id: string, now = Date.now()): void {
    this.guard(() => this.db.query("UPDATE sessions SET ended_at = ?, updated_at = ? WHERE id = ?").run(now, now, id));
  }
}
