/**
 * The wake-up through the real Codex TUI (in tmux, with its app-server daemon) against the mocks:
 * `$cc:rescue --background` ends its turn; when the job finishes, how many model requests the woken
 * turn costs and how long after the job's end its first request comes. Needs tmux and the compiled
 * binary (`bun run build`). CC_TEST_CODEX_BIN runs another Codex. One run; prints the numbers.
 */

import { Database } from "bun:sqlite";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { followSkill } from "../test/e2e/codex-skills.ts";
import { ccEnv, installCc, turnPrompt } from "../test/e2e/hooks-support.ts";
import { reply, startAnthropicMock } from "../test/support/anthropic-mock.ts";
import { codexBin } from "../test/support/bins.ts";
import { codex, startResponsesMock } from "../test/support/responses-mock.ts";
import { Sandbox } from "../test/support/sandbox.ts";

const bin = process.env.CC_TEST_CODEX_BIN || codexBin;
const sb = new Sandbox();
const claude = startAnthropicMock(() => reply.text("TUI-RESULT: done", { chunks: 4, chunkDelayMs: 500 }));
const arrivals: { n: number; at: number; prompt: string; trigger: unknown }[] = [];
const cmock = startResponsesMock((req) => {
  const p = turnPrompt(req);
  arrivals.push({ n: req.n, at: Date.now(), prompt: p.slice(0, 120), trigger: req.metadata.turn_trigger });
  if (p.startsWith("cc: background job")) return codex.say("WOKEN-REPLY");
  if (p.includes("$cc:rescue")) return followSkill(req);
  return codex.say("ok");
});
sb.writeCodexConfig(cmock.url, { extra: `[projects."${sb.repo}"]\ntrust_level = "trusted"\n` });
const env = ccEnv(sb, claude.url);
await installCc(sb, env);
const session = `cctui${process.pid}`;
const tmux = (...a: string[]) => Bun.spawnSync(["tmux", ...a]).stdout.toString();
const envFlags = Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
tmux("new-session", "-d", "-s", session, "-x", "180", "-y", "45", "-c", sb.repo, ...envFlags, bin);
try {
  const pane = () => tmux("capture-pane", "-p", "-t", session);
  const until = async (f: () => boolean, ms: number) => {
    const d = Date.now() + ms;
    while (Date.now() < d) {
      if (f()) return true;
      await Bun.sleep(200);
    }
    return false;
  };
  await Bun.sleep(4000);
  console.log(`--- start pane\n${pane()}`);
  if (/trust/i.test(pane())) {
    tmux("send-keys", "-t", session, "Enter");
    await Bun.sleep(2000);
  }
  tmux("send-keys", "-t", session, "-l", "$cc:rescue --background --read-only TUI-TASK look around");
  await Bun.sleep(1500);
  console.log(
    "--- typed\n" +
      pane()
        .split("\n")
        .filter((l) => l.trim())
        .slice(-12)
        .join("\n"),
  );
  tmux("send-keys", "-t", session, "C-m");
  for (let i = 0; i < 4 && !(await until(() => arrivals.length > 0, 4000)); i++) tmux("send-keys", "-t", session, "C-m");
  console.log(
    "--- after enter",
    arrivals.length,
    "\n" +
      pane()
        .split("\n")
        .filter((l) => l.trim())
        .slice(-15)
        .join("\n"),
  );
  const db = (): Database => new Database(join(sb.dataDir, "cc.db"), { readonly: true });
  let job: any = null;
  await until(() => {
    try {
      const d = db();
      job = d.query("SELECT id, status, finished_at, log_path FROM jobs ORDER BY created_at DESC LIMIT 1").get();
      d.close();
    } catch {}
    return job?.status === "completed";
  }, 60000);
  console.log("job", job);
  await until(() => arrivals.some((a) => a.prompt.startsWith("cc: background job")), 30000);
  await Bun.sleep(3000);
  const woken = arrivals.filter((a) => a.prompt.startsWith("cc: background job"));
  console.log(
    "requests:",
    arrivals.map((a) => ({ n: a.n, trigger: a.trigger, prompt: a.prompt.slice(0, 60) })),
  );
  console.log("woken requests:", woken.length, "first at", woken[0] ? woken[0].at - job.finished_at : null, "ms after the job finished");
  console.log(
    "worker log:",
    readFileSync(job.log_path, "utf8")
      .split("\n")
      .filter((l) => l.includes("Codex thread"))
      .join("\n"),
  );
  console.log(`--- end pane\n${pane()}`);
} finally {
  tmux("kill-session", "-t", session);
  // The TUI's daemon outlives it: stop it before its CODEX_HOME goes.
  Bun.spawnSync([bin, "app-server", "daemon", "stop"], { env, stdout: "ignore", stderr: "ignore" });
}
await claude.close();
await cmock.close();
sb.cleanup();
