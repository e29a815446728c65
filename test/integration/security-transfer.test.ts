/**
 * Issue 22, items 4 and 6: `cc transfer` reads only regular files, in chunks, under a size cap, and
 * says in one line what is wrong and what to do. A rollout or a Claude transcript that is a symlink
 * to /dev/zero (it never ends), a FIFO (it never answers), a directory, a dangling transcript link,
 * a tool output nested 100k deep. The compiled cc, bounded by a timeout each run.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectDir } from "../../src/claude/session.ts";
import { ccBinary, codexBin } from "../support/bins.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

const sb = new Sandbox({ repo: { "a.txt": "a\n" } });
afterAll(async () => {
  await reapAll();
  sb.cleanup();
});
const env = sb.baseEnv({ CLAUDE_CONFIG_DIR: sb.claudeConfigDir, CC_CODEX_BIN: codexBin });
const day = join(sb.codexHome, "sessions", "2026", "01", "02");
mkdirSync(day, { recursive: true });
const projects = projectDir(sb.repo, env);
mkdirSync(projects, { recursive: true });

let n = 0;
const nextId = () => `01a23568-5020-77a2-acd1-${String(++n).padStart(12, "0")}`;
const rolloutPath = (id: string) => join(day, `rollout-2026-01-02T03-04-05-${id}.jsonl`);
/** cc transfer, bounded: a run that hangs or grows past 15 s fails the test instead of the machine. */
const transfer = (args: string[]) => run([ccBinary(), "transfer", ...args], { cwd: sb.repo, env, timeoutMs: 15_000 });

/** One line, no stack trace, naming the file. */
function expectOneLineError(r: Awaited<ReturnType<typeof transfer>>, file: string, says: string): void {
  expect(r.code, describeRun(r)).toBe(1);
  expect(r.stderr).toContain(says);
  expect(r.stderr).toContain(file);
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(2); // the message and its hint
}

describe("--to claude: the Codex rollout", () => {
  test("a symlink to /dev/zero: refused at once as not a regular file", async () => {
    const id = nextId();
    symlinkSync("/dev/zero", rolloutPath(id));
    const r = await transfer(["--thread", id]);
    expectOneLineError(r, rolloutPath(id), "is a device, not a regular file");
  });

  test("a FIFO: refused at once instead of waiting forever", async () => {
    const id = nextId();
    expect(Bun.spawnSync(["mkfifo", rolloutPath(id)]).exitCode).toBe(0);
    const r = await transfer(["--thread", id]);
    expectOneLineError(r, rolloutPath(id), "is a FIFO (named pipe), not a regular file");
  });

  test("a directory where the rollout should be (EISDIR): one line", async () => {
    const id = nextId();
    mkdirSync(rolloutPath(id));
    const r = await transfer(["--thread", id]);
    expectOneLineError(r, rolloutPath(id), "is a directory, not a regular file");
  });

  test("past the size cap (a sparse 1.1 GiB file): refused from its size, without reading it", async () => {
    const id = nextId();
    writeFileSync(rolloutPath(id), "");
    truncateSync(rolloutPath(id), 1100 * 1024 * 1024);
    const r = await transfer(["--thread", id]);
    expectOneLineError(r, rolloutPath(id), "is 1100 MiB, more than the 1024 MiB cc reads");
    rmSync(rolloutPath(id));
  });

  test("a tool output nested 100k deep: transferred, the output replaced by a note", async () => {
    const id = nextId();
    const line = (type: string, payload: unknown) => JSON.stringify({ timestamp: "2026-01-02T03:04:05.000Z", type, payload });
    const deep = `${'{"x":'.repeat(100_000)}1${"}".repeat(100_000)}`;
    const output = `{"timestamp":"2026-01-02T03:04:05.000Z","type":"response_item","payload":{"type":"function_call_output","call_id":"c1","output":${deep}}}`;
    const lines = [
      line("session_meta", { id, cwd: sb.repo }),
      line("event_msg", { type: "task_started", turn_id: "t1" }),
      line("response_item", { type: "message", role: "user", content: [{ type: "input_text", text: "look" }] }),
      line("response_item", { type: "function_call", call_id: "c1", name: "view_image", arguments: "{}" }),
      output,
      line("response_item", { type: "message", role: "assistant", content: [{ type: "output_text", text: "looked" }] }),
      line("event_msg", { type: "task_complete", turn_id: "t1" }),
    ];
    writeFileSync(rolloutPath(id), `${lines.join("\n")}\n`);
    const r = await transfer(["--thread", id, "--json"]);
    expect(r.code, describeRun(r)).toBe(0);
    const transcript = readFileSync(JSON.parse(r.stdout).transcript, "utf8");
    expect(transcript).toContain("nested more than 1000 levels deep; not carried over");
    expect(transcript).toContain("looked");
  });
});

describe("--to codex: the Claude transcript", () => {
  test("a symlink to /dev/zero and a FIFO: refused at once, naming the file", async () => {
    const zero = nextId();
    symlinkSync("/dev/zero", join(projects, `${zero}.jsonl`));
    expectOneLineError(await transfer(["--to", "codex", "--session", zero]), join(projects, `${zero}.jsonl`), "is a device, not a regular file");
    rmSync(join(projects, `${zero}.jsonl`));

    const fifo = nextId();
    expect(Bun.spawnSync(["mkfifo", join(projects, `${fifo}.jsonl`)]).exitCode).toBe(0);
    expectOneLineError(await transfer(["--to", "codex", "--session", fifo]), join(projects, `${fifo}.jsonl`), "is a FIFO (named pipe), not a regular file");
    rmSync(join(projects, `${fifo}.jsonl`));
  });

  test("a dangling <uuid>.jsonl link among the sessions: skipped when finding the newest, named when asked for", async () => {
    for (const name of readdirSync(projects)) rmSync(join(projects, name), { recursive: true }); // the session the test above made
    const dangling = nextId();
    symlinkSync(join(sb.root, "gone.jsonl"), join(projects, `${dangling}.jsonl`));
    const newest = await transfer(["--to", "codex"]);
    expectOneLineError(newest, sb.repo, "there is no Claude Code session for");
    const named = await transfer(["--to", "codex", "--session", dangling]);
    expectOneLineError(named, join(projects, `${dangling}.jsonl`), "does not exist (or is a symlink to nothing)");
  });
});
