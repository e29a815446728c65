/**
 * cc's hooks as installed by `cc install`: trust survives replacing the binary in place, `cc setup`
 * reports each hook's trust status and repairs it, and the end of a `codex exec` does not kill a
 * background job it started.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../../build/build.ts";
import { installExecutable } from "../../src/lib/atomic-write.ts";
import { reply } from "../support/anthropic-mock.ts";
import { AppServerDriver } from "../support/app-server-driver.ts";
import { repoRoot } from "../support/bins.ts";
import { writeFiles } from "../support/git.ts";
import { describeRun, run, waitFor } from "../support/processes.ts";
import { codex } from "../support/responses-mock.ts";
import { worldPerTest } from "../support/world.ts";
import { ccEnv, exec, installCc, outputsSinceLastUser } from "./hooks-support.ts";

setDefaultTimeout(180_000);

const w = worldPerTest({
  repo: { "src/app.ts": "export const answer = 41;\n" },
  claude: reply.text("a slow review", { chunks: 12, chunkDelayMs: 400 }),
  codex: () => codex.say("ok"),
  codexConfig: {},
});

const env = () => ccEnv(w.sb, w.claude.url);

async function ccHooks(): Promise<{ eventName: string; trustStatus: string; command: string }[]> {
  const client = await AppServerDriver.start({ cwd: w.sb.repo, env: env() });
  try {
    const reply = await client.request("hooks/list", { cwds: [w.sb.repo] });
    return reply.data.flatMap((d: any) => d.hooks).filter((h: any) => h.pluginId === "cc@cc");
  } finally {
    await client.close();
  }
}

const setupHooks = async (cc: string, args: string[] = []) => {
  const r = await run([cc, "setup", "--json", ...args], { cwd: w.sb.repo, env: env(), timeoutMs: 60000 });
  const report = JSON.parse(r.stdout);
  return { check: report.checks.find((c: any) => c.id === "hooks"), actions: report.actionsTaken as string[] };
};

describe("cc's hooks, installed", () => {
  test("replacing the installed binary with a newer build keeps every cc hook trusted, and the hooks run the new build [codex-version]", async () => {
    const cc = await installCc(w.sb, env());
    const before = await ccHooks();
    expect(before.map((h) => [h.eventName, h.trustStatus]).sort()).toEqual(
      [
        ["sessionEnd", "trusted"],
        ["sessionStart", "trusted"],
        ["stop", "trusted"],
        ["userPromptSubmit", "trusted"],
      ].sort(),
    );
    for (const h of before) expect(h.command).toStartWith(`${cc} hook `);

    const newer = join(w.sb.root, "cc-newer");
    compile({ entry: join(repoRoot, "src/cli.ts"), outfile: newer, defines: { CC_BUILD_COMMIT: "newer-build", CC_BUILD_TARGET: "test" } });
    installExecutable(newer, cc);
    expect((await run([cc, "version"], { env: env(), timeoutMs: 10000 })).stdout).toContain("newer-build");
    expect((await ccHooks()).map((h) => h.trustStatus)).toEqual(["trusted", "trusted", "trusted", "trusted"]);

    // The hooks really run (SessionStart records the session for later use).
    const turn = await exec(w.sb, "hi", env());
    expect(turn.code, describeRun(turn)).toBe(0);
    const { Database } = await import("bun:sqlite");
    const db = new Database(join(w.sb.dataDir, "cc.db"), { readonly: true });
    const row = db.query("SELECT transcript_path, origin FROM sessions WHERE id = ?").get(turn.threadId!) as { transcript_path: string; origin: string } | null;
    db.close();
    expect(row?.transcript_path).toContain("rollout-");
    expect(row?.origin).toBe("exec");
    // An install by the newer build changes nothing Codex hashes.
    const again = await run([newer, "install", "--yes"], { cwd: w.sb.repo, env: env(), timeoutMs: 90000 });
    expect(again.stdout, describeRun(again)).toContain("hooks trusted (4 hooks, unchanged)");
    expect((await setupHooks(cc)).check).toMatchObject({ ok: true, detail: expect.stringContaining("4 trusted") });
  });

  test("cc setup shows untrusted and modified hooks with the fix, and --trust-hooks repairs untrusted ones", async () => {
    const cc = await installCc(w.sb, env());
    // Untrusted: as if the user had declined at install (cc's trust entries gone from config.toml).
    const config = join(w.sb.codexHome, "config.toml");
    const text = readFileSync(config, "utf8");
    writeFileSync(config, text.replace(/\[hooks\.state\."cc@cc:[^\]]*\]\n(trusted_[a-z_]+ = "[^"]*"\n)+\n?/g, ""));
    const untrusted = await setupHooks(cc);
    expect(untrusted.check).toMatchObject({
      ok: false,
      detail: expect.stringContaining("untrusted (Codex skips them)"),
      fix: expect.stringContaining("cc setup --trust-hooks"),
    });
    const repaired = await setupHooks(cc, ["--trust-hooks"]);
    expect(repaired.actions.join("\n")).toContain("Trusted 4 cc hooks");
    expect(repaired.check).toMatchObject({ ok: true });

    // Modified: a plugin file changed after trust. --trust-hooks refuses; cc install repairs.
    appendFileSync(join(w.sb.codexHome, "plugins", "cache", "cc", "cc", "local", "skills", "status", "SKILL.md"), " ");
    const modified = await setupHooks(cc, ["--trust-hooks"]);
    expect(modified.actions.join("\n")).toContain("Did not trust cc's hooks");
    expect(modified.check).toMatchObject({
      ok: false,
      detail: expect.stringContaining("modified since trusted"),
      fix: expect.stringContaining("cc install --trust-hooks"),
    });
    const reinstall = await run([cc, "install", "--trust-hooks"], { cwd: w.sb.repo, env: env(), timeoutMs: 90000 });
    expect(reinstall.code, describeRun(reinstall)).toBe(0);
    expect((await setupHooks(cc)).check).toMatchObject({ ok: true });
  });

  test("the end of a codex exec does not cancel the background job it started (SessionEnd keeps it)", async () => {
    const cc = await installCc(w.sb, env());
    writeFiles(w.sb.repo, { "src/app.ts": "export const answer = 42;\n" });
    w.codex.setScript((req) => {
      const outputs = outputsSinceLastUser(req);
      if (outputs.length === 0) return codex.exec(`${cc} review --background`);
      return codex.say(`launched ${/(review-[0-9a-z]+)/.exec(outputs[0]!)?.[1]}`);
    });
    const turn = await exec(w.sb, "launch", env());
    expect(turn.code, describeRun(turn)).toBe(0);
    const id = /launched (review-[0-9a-z]+)/.exec(turn.lastMessage)?.[1];
    expect(id, turn.lastMessage).toBeString();
    const status = async () => JSON.parse((await run([cc, "status", id!, "--json"], { cwd: w.sb.repo, env: env(), timeoutMs: 30000 })).stdout).job;
    // codex exec has ended (its SessionEnd ran); the slow review is still going.
    expect((await status()).status).toBe("running");
    expect(readFileSync(join(w.sb.dataDir, "hooks.log"), "utf8")).toMatch(/\(exec, reason \w+\) ended with 1 job\(s\) running; kept/);
    expect(await waitFor(async () => (await status()).status !== "running", 60000, 500)).toBe(true);
    expect((await status()).status).toBe("completed");
  });
});
