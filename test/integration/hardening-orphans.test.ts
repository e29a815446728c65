/**
 * Issue 17, item 9: a claude whose worker is gone ends by itself within seconds (it used to run, and
 * bill, until a later cc command reconciled the job). Real background worker, a slow fake claude.
 */
import { afterAll, afterEach, beforeEach, expect } from "bun:test";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { closeDatabase } from "../../src/jobs/db.ts";
import { JobStore } from "../../src/jobs/store.ts";
import { ccFromSource } from "../support/bins.ts";
import { writeFakeClaude } from "../support/fake-claude.ts";
import { sandboxTest } from "../support/os-sandbox.ts";
import { describeRun, isAlive, reapAll, run, waitFor } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

let sb: Sandbox;
let env: Record<string, string>;
beforeEach(() => {
  sb = new Sandbox();
  env = sb.baseEnv({ CC_CLAUDE_BIN: writeFakeClaude(sb.tmp), CLAUDE_FAKE_DELAY: "30" });
});
/** A process a test let escape; killed at teardown even when the test failed. */
let escapedPid: number | null = null;
afterEach(async () => {
  if (escapedPid !== null && isAlive(escapedPid)) process.kill(escapedPid, "SIGKILL");
  escapedPid = null;
  closeDatabase();
  await reapAll();
  sb.cleanup();
});
afterAll(reapAll);

const cc = (args: string[]) => run([...ccFromSource, ...args], { cwd: sb.repo, env, timeoutMs: 20000 });
const watchdogs = (marker: string) =>
  Bun.spawnSync(["pgrep", "-f", `cc-watchdog [0-9]+ ${marker}`], { stdout: "pipe" })
    .stdout.toString()
    .trim();

async function runningJob(): Promise<{ workerPid: number; claudePid: number; marker: string }> {
  const launched = await cc(["rescue", "--background", "--json", "slow task"]);
  expect(launched.code, describeRun(launched)).toBe(0);
  const { job } = JSON.parse(launched.stdout) as { job: string };
  let found: { workerPid: number; claudePid: number; marker: string } | null = null;
  await waitFor(() => {
    const row = new JobStore(join(sb.dataDir, "cc.db")).get(job);
    closeDatabase();
    if (row?.claudePid && row.workerPid && row.runMarker) found = { workerPid: row.workerPid, claudePid: row.claudePid, marker: row.runMarker };
    return found !== null;
  }, 15000);
  expect(found).not.toBeNull();
  return found!;
}

sandboxTest(
  "SIGKILL of the worker ends its claude within seconds",
  async () => {
    const { workerPid, claudePid, marker } = await runningJob();
    expect(isAlive(claudePid)).toBe(true);
    expect(watchdogs(marker)).not.toBe("");
    const killedAt = Date.now();
    process.kill(workerPid, "SIGKILL");
    expect(await waitFor(() => !isAlive(claudePid), 10000)).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(8000);
    expect(await waitFor(() => watchdogs(marker) === "", 5000)).toBe(true);
  },
  40000,
);

sandboxTest(
  "a run that ends normally leaves no watchdog behind",
  async () => {
    env.CLAUDE_FAKE_DELAY = "0";
    // (The fake claude's run ends failed — it shows no sandbox — but it ran, under its watchdog.)
    const r = await cc(["rescue", "--json", "quick task"]);
    // This run's watchdog, by its marker: test files run in parallel, and another file's may be running.
    const marker = new JobStore(join(sb.dataDir, "cc.db")).get(JSON.parse(r.stdout).job)?.runMarker;
    closeDatabase();
    expect(marker).toBeString();
    expect(watchdogs(marker!)).toBe("");
  },
  30000,
);

/** A claude stand-in whose "tool" escapes: a new session, no marker, its parent shell gone. */
const ESCAPING_CLAUDE = `#!/bin/sh
sid=""
fmt=""
while [ $# -gt 0 ]; do case "$1" in --session-id|--resume) sid="$2"; shift;; --input-format) fmt="$2"; shift;; esac; shift; done
# A steerable run keeps claude's input open (stream-json, one message a line): read the first message only.
if [ "$fmt" = stream-json ]; then head -n 1 > /dev/null; else cat > /dev/null; fi
( env -u CC_RUN_MARKER setsid sleep 300 < /dev/null > /dev/null 2>&1 & echo $! > "$CLAUDE_FAKE_PIDFILE" )
printf '{"type":"system","subtype":"init","session_id":"%s","model":"fake-model","tools":[],"cwd":"%s"}\\n' "$sid" "$PWD"
sleep 30
`;

sandboxTest(
  "cc cancel ends a tool process that left the session and dropped the run marker",
  async () => {
    const claude = join(sb.tmp, "escaping-claude");
    writeFileSync(claude, ESCAPING_CLAUDE);
    chmodSync(claude, 0o755);
    const pidFile = join(sb.tmp, "escaped.pid");
    env.CC_CLAUDE_BIN = claude;
    env.CLAUDE_FAKE_PIDFILE = pidFile;
    const { claudePid } = await runningJob();
    expect(await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, "utf8").trim() !== "", 10000)).toBe(true);
    const escaped = Number(readFileSync(pidFile, "utf8").trim());
    escapedPid = escaped;
    expect(isAlive(escaped)).toBe(true);
    // The premise: the escaped process runs without the marker (`$!` is written while the child may
    // still be the shell that execs `env`: wait for the exec rather than read the shell's environment).
    const environ = () => readFileSync(`/proc/${escaped}/environ`, "latin1");
    expect(await waitFor(() => !environ().includes("CC_RUN_MARKER="), 5000), environ()).toBe(true);
    const cancelled = await cc(["cancel"]);
    expect(cancelled.code, describeRun(cancelled)).toBe(0);
    expect(isAlive(claudePid)).toBe(false);
    expect(await waitFor(() => !isAlive(escaped) || readFileSync(`/proc/${escaped}/stat`, "utf8").includes(") Z "), 5000)).toBe(true);
  },
  40000,
);
