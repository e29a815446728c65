/**
 * When does Codex's SessionEnd arrive, and what does cc do to a running background job, for what a
 * person does in the interactive TUI: /quit, `codex resume <id>` after quitting, /new, and a closed
 * terminal — under `sessionEndJobs` "keep" and "cancel", on the pinned Codex and on another
 * (`CODEX_OLD=/path/to/codex`). Real TUI in tmux, mock models, a background rescue that Claude keeps
 * busy. Prints one table row per case.
 *
 *   bun bench/session-end.ts [quit|resume|new|closed ...]     (about two minutes per batch)
 */
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { followSkill } from "../test/e2e/codex-skills.ts";
import { UxWorld } from "../test/e2e/ux-world.ts";
import { reply } from "../test/support/anthropic-mock.ts";
import { claudeBin, codexBin } from "../test/support/bins.ts";
import { run } from "../test/support/processes.ts";
import { codex } from "../test/support/responses-mock.ts";
import { CodexTui, stopCodexDaemons } from "../test/support/tui.ts";

type Action = "quit" | "resume" | "new" | "closed";
type Policy = "keep" | "cancel";
const WATCH_MS = Number(process.env.WATCH_MS ?? 100_000);

async function measure(codexPath: string, action: Action, policy: Policy): Promise<string[]> {
  const world = new UxWorld((req) => (req.skills().length ? followSkill(req) : codex.say("ok")));
  world.claude.setScript(() => reply.stall());
  world.envExtra = { CC_CLAUDE_BIN: claudeBin, API_TIMEOUT_MS: "600000" }; // Claude waits on the stalled stream
  world.config("danger-full-access");
  appendFileSync(join(world.sb.codexHome, "config.toml"), `\n[projects."${world.sb.repo}"]\ntrust_level = "trusted"\n`);
  const { cc } = await world.install(["--yes"]);
  writeFileSync(join(world.sb.dataDir, "config.json"), JSON.stringify({ sessionEndJobs: policy }));
  const tui = new CodexTui(world.sb.tmp);
  const version = (await run([codexPath, "--version"], { timeoutMs: 20000 })).stdout.trim().replace("codex-cli ", "");
  try {
    tui.start({ cwd: world.sb.repo, env: world.env(), codex: codexPath });
    await tui.waitFor("Ask Codex to do anything", { timeoutMs: 60000 });
    await tui.type("$cc:rescue --background 'a long task'");
    const started = await tui.waitFor(/rescue job (rescue-[0-9a-z]+)/, { timeoutMs: 180000 });
    const job = /rescue job (rescue-[0-9a-z]+)/.exec(started)![1]!;
    const status = async () => {
      const r = await run([cc, "status", job, "--json"], { cwd: world.sb.repo, env: world.env(), timeoutMs: 20000 });
      try {
        return JSON.parse(r.stdout).job as { status: string; codexSession: string; errorMessage: string | null };
      } catch {
        throw new Error(`cc status ${job} --json: exit ${r.code}, ${r.stderr.trim().slice(0, 200)}`);
      }
    };
    const thread = (await status()).codexSession;
    const log = join(world.sb.dataDir, "hooks.log");
    const endLines = () =>
      existsSync(log)
        ? readFileSync(log, "utf8")
            .split("\n")
            .filter((l) => l.includes("SessionEnd"))
        : [];
    const t0 = Date.now();
    if (action === "quit" || action === "resume") {
      await tui.type("/quit");
      await Bun.sleep(500);
      if (tui.alive()) tui.keys("Enter");
      if (action === "resume") {
        await Bun.sleep(2000);
        tui.start({ cwd: world.sb.repo, env: world.env(), codex: codexPath, args: ["resume", thread] });
      }
    } else if (action === "new") {
      await tui.type("/new");
      await Bun.sleep(500);
      tui.keys("Enter");
    } else tui.kill();
    const rollout = (() => {
      const { Database } = require("bun:sqlite") as typeof import("bun:sqlite");
      const db = new Database(join(world.sb.dataDir, "cc.db"), { readonly: true });
      const row = db.query("SELECT transcript_path FROM sessions WHERE id = ?").get(thread) as { transcript_path: string | null } | null;
      db.close();
      return row?.transcript_path ?? null;
    })();
    let rolloutAge = "";
    let endAt: number | null = null;
    let ended = "";
    while (Date.now() - t0 < WATCH_MS) {
      const lines = endLines();
      if (lines.length && endAt === null) {
        endAt = Date.now() - t0;
        ended = lines.join(" | ");
        rolloutAge = rollout ? `${((Date.now() - statSync(rollout).mtimeMs) / 1000).toFixed(1)} s` : "?";
      }
      await Bun.sleep(500);
    }
    const after = await status();
    const { Database } = await import("bun:sqlite");
    const db = new Database(join(world.sb.dataDir, "cc.db"), { readonly: true });
    const row = db.query("SELECT updated_at, ended_at FROM sessions WHERE id = ?").get(thread) as { updated_at: number; ended_at: number | null } | null;
    db.close();
    const sessionRow = row
      ? `ended_at ${row.ended_at === null ? "null" : `${((row.ended_at - t0) / 1000).toFixed(1)} s`}, updated ${((row.updated_at - t0) / 1000).toFixed(1)} s`
      : "no row";
    const screen = action === "resume" && tui.alive() ? tui.screen() : "";
    const told = screen
      .split("\n")
      .filter((l) => /cc:|cancel/i.test(l))
      .map((l) => l.trim())
      .join(" / ");
    return [
      version,
      action,
      policy,
      endAt === null ? `none in ${WATCH_MS / 1000} s` : `${(endAt / 1000).toFixed(1)} s`,
      after.status,
      (after.errorMessage ?? "").slice(0, 60),
      ended.replace(/^\S+ /, "").slice(0, 140),
      sessionRow,
      `rollout written ${rolloutAge} before SessionEnd`,
      told.slice(0, 160),
    ];
  } finally {
    tui.kill();
    stopCodexDaemons(world.sb.codexHome);
    await world.close();
  }
}

const actions = (process.argv.slice(2).filter((a) => ["quit", "resume", "new", "closed"].includes(a)) as Action[]).concat();
const chosen: Action[] = actions.length ? actions : ["quit", "resume", "new", "closed"];
const codexes = [codexBin, ...(process.env.CODEX_OLD ? [process.env.CODEX_OLD] : [])];
const cases = codexes.flatMap((c) => chosen.flatMap((a) => (["keep", "cancel"] as Policy[]).map((p) => [c, a, p] as const)));
console.log(
  ["codex", "action", "policy", "SessionEnd after", "job after 100 s", "job's reason", "hooks.log", "sessions row", "rollout", "resumed TUI says"].join("\t"),
);
const results = await Promise.all(cases.map(([c, a, p]) => measure(c, a, p).catch((e: unknown) => [c, a, p, `error: ${String(e).slice(0, 300)}`])));
for (const row of results) console.log(row.join("\t"));
process.exit(0);
