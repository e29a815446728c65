/**
 * Issue 17, item 2: the caller's secrets stay with the caller. A fake claude dumps its own
 * environment and its parent's (the background worker, or the foreground cc) for real cc runs with
 * OpenAI, Codex, GitHub, AWS and npm credentials planted.
 */
import { afterAll, afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ccFromSource } from "../support/bins.ts";
import { writeFakeClaude } from "../support/fake-claude.ts";
import { sandboxTest } from "../support/os-sandbox.ts";
import { describeRun, reapAll, run, waitFor } from "../support/processes.ts";
import { Sandbox } from "../support/sandbox.ts";

const SECRETS = {
  OPENAI_API_KEY: "sk-openai-planted",
  CODEX_API_KEY: "codex-planted",
  GITHUB_TOKEN: "ghp_planted",
  AWS_SECRET_ACCESS_KEY: "aws-planted",
  NPM_TOKEN: "npm-planted",
};

let sb: Sandbox;
let env: Record<string, string>;
let dump: string;
beforeEach(() => {
  sb = new Sandbox();
  dump = join(sb.tmp, "claude-env");
  env = sb.baseEnv({
    CC_CLAUDE_BIN: writeFakeClaude(sb.tmp),
    CLAUDE_FAKE_ENV_DUMP: dump,
    ANTHROPIC_API_KEY: "sk-ant-keep",
    HTTPS_PROXY: "http://127.0.0.1:9",
    ...SECRETS,
  });
});
afterEach(async () => {
  await reapAll();
  sb.cleanup();
});
afterAll(reapAll);

const cc = (args: string[], extra: Record<string, string> = {}) =>
  run([...ccFromSource, ...args], { cwd: sb.repo, env: { ...env, ...extra }, timeoutMs: 20000 });
const parse = (text: string) =>
  Object.fromEntries(
    text
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );

function expectNoSecrets(vars: Record<string, string>, except: string[] = []): void {
  for (const name of Object.keys(SECRETS)) if (!except.includes(name)) expect(vars[name], name).toBeUndefined();
  if (except.length === 0) expect(JSON.stringify(vars)).not.toContain("planted");
}

describe("environment policy", () => {
  sandboxTest("a background rescue: neither the worker nor claude sees the planted secrets; Claude's own settings arrive", async () => {
    const launched = await cc(["rescue", "--background", "--json", "print the env"]);
    expect(launched.code, describeRun(launched)).toBe(0);
    expect(await waitFor(() => existsSync(`${dump}.parent`) && existsSync(dump), 15000)).toBe(true);
    const { job } = JSON.parse(launched.stdout) as { job: string };
    const waited = await cc(["status", job, "--wait", "--timeout", "20s", "--json"]);
    expect(waited.code, describeRun(waited)).toBe(0);
    const claude = parse(readFileSync(dump, "utf8"));
    const worker = parse(readFileSync(`${dump}.parent`, "utf8"));
    expectNoSecrets(claude);
    expectNoSecrets(worker);
    expect(claude.ANTHROPIC_API_KEY).toBe("sk-ant-keep");
    expect(claude.HTTPS_PROXY).toBe("http://127.0.0.1:9");
    expect(claude.HOME).toBe(sb.home);
    expect(claude.PATH).toBe(env.PATH);
    expect(claude.CC_DATA_DIR).toBeUndefined(); // cc's own settings are the worker's, not claude's
    expect(worker.CC_DATA_DIR).toBe(sb.dataDir);
  });

  test("a foreground review's claude gets no secrets, and its git gets the overrides", async () => {
    writeFileSync(join(sb.repo, "a.txt"), "changed\n");
    await cc(["review"]);
    const claude = parse(readFileSync(dump, "utf8"));
    expectNoSecrets(claude);
    expect(claude.ANTHROPIC_API_KEY).toBe("sk-ant-keep");
    expect(Number(claude.GIT_CONFIG_COUNT)).toBeGreaterThan(0);
    expect(claude.GIT_OPTIONAL_LOCKS).toBe("0");
  });

  sandboxTest("passEnvironment in cc's config lets a rescue (not a review) see NPM_TOKEN; OpenAI's key can never be listed", async () => {
    mkdirSync(sb.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(join(sb.dataDir, "config.json"), JSON.stringify({ passEnvironment: ["NPM_TOKEN"] }), { mode: 0o600 });
    // The fake answers a multi-line prompt with broken JSON, so the job fails; its env dump is what counts.
    await cc(["rescue", "build it"]);
    const rescued = parse(readFileSync(dump, "utf8"));
    expect(rescued.NPM_TOKEN).toBe("npm-planted");
    expect(rescued.OPENAI_API_KEY).toBeUndefined();

    writeFileSync(join(sb.repo, "a.txt"), "changed\n");
    await cc(["review"]);
    expect(parse(readFileSync(dump, "utf8")).NPM_TOKEN).toBeUndefined();

    writeFileSync(join(sb.dataDir, "config.json"), JSON.stringify({ passEnvironment: ["OPENAI_API_KEY"] }), { mode: 0o600 });
    const refused = await cc(["rescue", "leak it"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("never passed to Claude");
  });
});
