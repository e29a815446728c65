/**
 * Plain `cc status` takes a quick road (src/commands/_status-quick.ts: no git, no job model) when
 * the store allows, and the full command otherwise. The user must not be able to tell the two
 * apart by what they print: each state below is listed by the compiled binary both ways (`-C .`
 * always takes the full command) and the texts compared; a `git` first on PATH records whether one
 * ran. States the quick road must hand over (a worker that died, a held worktree) are reconciled
 * or named exactly as before.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { closeDatabase } from "../../src/jobs/db.ts";
import { writeKindState } from "../../src/jobs/kind-state.ts";
import { MessageStore } from "../../src/jobs/messages.ts";
import { JobStore } from "../../src/jobs/store.ts";
import { ccBinary, codexBin } from "../support/bins.ts";
import { git } from "../support/git.ts";
import { describeRun, run } from "../support/processes.ts";
import { worldPerFile } from "../support/world.ts";

const w = worldPerFile({ fakeClaude: true });
const SESSION = "thread-quick";
let shims = "";
let gitLog = "";

beforeAll(() => {
  // A `git` ahead of the real one that notes each run, then hands over.
  shims = join(w.sb.root, "shims");
  gitLog = join(w.sb.root, "git-ran");
  mkdirSync(shims, { recursive: true });
  const realGit = Bun.which("git")!;
  writeFileSync(join(shims, "git"), `#!/bin/sh\necho "$*" >> '${gitLog}'\nexec '${realGit}' "$@"\n`);
  chmodSync(join(shims, "git"), 0o755);
});
afterAll(closeDatabase);

const store = () => new JobStore(join(w.sb.dataDir, "cc.db"));

/** A review job of this workspace, started by `pid` (this process: alive). */
function started(session: string | null, summary: string, opts: { cwd?: string; pid?: number; start?: string | null } = {}): string {
  const job = store().insert({
    kind: "review",
    summary,
    workspaceRoot: w.sb.repo,
    cwd: opts.cwd ?? w.sb.repo,
    codexSession: session,
    request: { prompt: "p", cwd: w.sb.repo, profile: "read-only" },
  });
  store().start(job.id, opts.pid ?? process.pid, opts.start ?? null);
  return job.id;
}

function finished(session: string | null, summary: string, opts: { read?: boolean; cwd?: string } = {}): string {
  const id = started(session, summary, opts);
  store().end(id, ["running"], "completed", { resultText: "done", costUsd: 0.0123 });
  if (opts.read) store().markRead(id);
  return id;
}

/** `cc status` in `cwd`, both roads: the texts, and whether each ran git. */
async function bothRoads(cwd: string, env: Record<string, string> = { CODEX_THREAD_ID: SESSION }) {
  closeDatabase();
  const status = async (args: string[]) => {
    rmSync(gitLog, { force: true });
    const r = await run([ccBinary(), ...args], { cwd, env: w.env({ ...env, PATH: `${shims}:${w.env().PATH}` }), timeoutMs: 20000 });
    expect(r.code, describeRun(r)).toBe(0);
    return { text: r.stdout, ranGit: existsSync(gitLog) };
  };
  return { quick: await status(["status"]), full: await status(["status", "-C", "."]) };
}

describe("plain cc status: the quick road prints what the full command prints", () => {
  test("an empty store, then this session's jobs with another session's unread ones and a follow-up, from a subdirectory too", async () => {
    // The store exists (the quick road never creates one) but holds no job yet.
    closeDatabase();
    store();
    let r = await bothRoads(w.sb.repo);
    expect(r.quick.text).toBe(r.full.text);
    expect(r.quick.text).toContain("Jobs of this Codex session: no jobs yet.");

    const mine = finished(SESSION, "mine,   with\ttabs and\nnewlines");
    finished(SESSION, "mine, read", { read: true });
    finished("thread-earlier", "left unread by an earlier session");
    new MessageStore(store()).recordMoved(mine, "and also this", "review-later");
    r = await bothRoads(w.sb.repo);
    expect(r.quick.text).toBe(r.full.text);
    expect(r.quick.text).toContain("mine, with tabs and newlines · 1 follow-up");
    expect(r.quick.text).toContain("1 unread result from an earlier Codex session");
    // The quick road found the workspace without git; the full command asked git.
    expect(r.quick.ranGit).toBe(false);
    expect(r.full.ranGit).toBe(true);

    const sub = join(w.sb.repo, "src", "deep");
    mkdirSync(sub, { recursive: true });
    r = await bothRoads(sub);
    expect(r.quick.text).toBe(r.full.text);
    expect(r.quick.text).toContain("mine, read");
    expect(r.quick.ranGit).toBe(false);
  });

  test("outside Codex, a full list with older jobs hidden, and more than 100 unread results elsewhere", async () => {
    for (let i = 0; i < 25; i++) finished(null, `outside ${i}`, { read: true });
    for (let i = 0; i < 102; i++) finished(`thread-old-${i}`, `old ${i}`);
    let r = await bothRoads(w.sb.repo, {});
    expect(r.quick.text).toBe(r.full.text);
    expect(r.quick.text).toContain(`Jobs in ${w.sb.repo}`);
    expect(r.quick.text).toMatch(/\d+ older jobs not shown/);
    r = await bothRoads(w.sb.repo);
    expect(r.quick.text).toBe(r.full.text);
    expect(r.quick.text).toContain("More than 100 unread results from earlier Codex sessions");
  });

  test("a linked worktree and a directory outside any repository", async () => {
    const linked = join(w.sb.root, "linked");
    git(w.sb.repo, "worktree", "add", "-q", "--detach", linked);
    let r = await bothRoads(linked);
    expect(r.quick.text).toBe(r.full.text);
    expect(r.quick.ranGit).toBe(false);
    const outside = join(w.sb.root, "plain-dir");
    mkdirSync(outside, { recursive: true });
    finished(SESSION, "from a plain directory", { cwd: outside });
    r = await bothRoads(outside);
    expect(r.quick.text).toBe(r.full.text);
  });

  test("a job whose worker is gone is reconciled first, and a held worktree is named under the list, as before", async () => {
    const lost = started(SESSION, "its worker died", { pid: 2 ** 22 + 7, start: "no-such-start" }); // a pid no process has
    let r = await bothRoads(w.sb.repo);
    expect(r.quick.text).toMatch(new RegExp(`${lost}\\s+review\\s+failed`));
    expect(r.quick.text).toBe(r.full.text);

    const held = finished(SESSION, "a rescue in its own checkout");
    writeKindState(store(), held, { state: "held" });
    r = await bothRoads(w.sb.repo);
    expect(r.quick.text).toBe(r.full.text);
  });

  test("inside Codex's workspace-write sandbox (home and /tmp read-only): the list, without a preflight; with a job running, the preflight's sentinel", async () => {
    const sandboxed = () =>
      run(
        [
          codexBin,
          "sandbox",
          "-c",
          "sandbox_mode=workspace-write",
          "-c",
          "sandbox_workspace_write.exclude_slash_tmp=true",
          "-c",
          "sandbox_workspace_write.exclude_tmpdir_env_var=true",
          "--",
          ccBinary(),
          "status",
        ],
        { cwd: w.sb.repo, env: w.env({ CODEX_THREAD_ID: "thread-sandboxed" }), timeoutMs: 30000 },
      );
    closeDatabase();
    finished("thread-sandboxed", "listed from inside the sandbox");
    let r = await sandboxed();
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain("listed from inside the sandbox");
    started("thread-sandboxed", "still running");
    closeDatabase();
    r = await sandboxed();
    expect(r.code, describeRun(r)).toBe(86);
    expect(r.stdout).toContain("CC_SANDBOX_BLOCKED");
  });
});
