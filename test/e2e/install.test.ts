/**
 * `cc install` / `cc uninstall` / `$cc:setup` through the real codex, on the compiled binary copied
 * alone into an empty directory (so the payload must come from inside the binary).
 */
import { afterAll, afterEach, beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ccBinary, claudeBin, codexBin } from "../support/bins.ts";
import { codexExec } from "../support/codex.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { type ResponsesMock, startResponsesMock } from "../support/responses-mock.ts";
import { Sandbox } from "../support/sandbox.ts";
import { followSkill } from "./codex-skills.ts";

const SKILLS = ["review", "adversarial-review", "rescue", "status", "result", "cancel", "apply", "discard", "steer", "setup", "transfer"];
/** Codex's own runtime state (databases, scratch, bundled system skills): not cc's business. */
const CODEX_OWN = [
  /^\.hook-trust(\/|$)/,
  /^\.?tmp\//,
  /\.sqlite(-wal|-shm)?$/,
  /^skills\/\.system\//,
  /^installation_id$/,
  /^sessions\/./,
  /^log\//,
  /^shell_snapshots\/./,
  /^thread-writer-locks\/./,
  /^models_cache\.json$/,
  /^version\.json$/,
];

setDefaultTimeout(120_000);

let sb: Sandbox;
let mock: ResponsesMock | undefined;
let cc: string;

beforeEach(() => {
  sb = new Sandbox();
  const lonely = join(sb.root, "download");
  mkdirSync(lonely);
  cc = join(lonely, "cc");
  copyFileSync(ccBinary(), cc);
});
afterEach(async () => {
  await reapAll();
  await mock?.close();
  mock = undefined;
  sb.cleanup();
});
afterAll(reapAll);

/** Env for cc and codex: the data dir defaults to $CODEX_HOME/plugins/data/cc-cc (no CC_DATA_DIR). */
function env(extra: Record<string, string> = {}): Record<string, string> {
  const { CC_DATA_DIR: _unused, ...rest } = sb.claudeEnv("http://127.0.0.1:9/unused", { CC_CODEX_BIN: codexBin, CC_CLAUDE_BIN: claudeBin, ...extra });
  return rest;
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const rel = relative(dir, full);
      if (CODEX_OWN.some((re) => re.test(rel))) continue;
      if (statSync(full).isDirectory()) {
        out[`${rel}/`] = "(dir)";
        walk(full);
      } else out[rel] = readFileSync(full).toString("base64");
    }
  };
  walk(dir);
  return out;
}

const ccRun = (args: string[], extra: Record<string, string> = {}) => run([cc, ...args], { cwd: sb.repo, env: env(extra), timeoutMs: 60000 });
const installedCc = () => join(sb.codexHome, "plugins", "data", "cc-cc", "bin", "cc");
const workspaceWrite = `[sandbox_workspace_write]\nexclude_slash_tmp = true\nexclude_tmpdir_env_var = true\n\n[shell_environment_policy]\nignore_default_excludes = true\n`;

describe("cc install", () => {
  test("installs cc into Codex: plugin enabled, eleven cc: skills in the model's skill list; a second install changes nothing; uninstall restores CODEX_HOME [codex-version]", async () => {
    mock = startResponsesMock(() => ({ kind: "message", text: "hello" }));
    sb.writeCodexConfig(mock.url, { extra: workspaceWrite });
    // CODEX_HOME as Codex has it without cc: after a turn, so Codex's own files exist already.
    const warmUp = await codexExec(sb, "hi", { env: env(), timeoutMs: 60000 });
    expect(warmUp.code, describeRun(warmUp)).toBe(0);
    const pristine = snapshot(sb.codexHome);
    const configBefore = readFileSync(join(sb.codexHome, "config.toml"), "utf8");

    const first = await ccRun(["install", "--yes"]);
    expect(first.code, describeRun(first)).toBe(0);
    expect(first.stdout).toContain("✓ plugin cc@cc installed and enabled");
    // The last line is the next step, in the words typed inside Codex.
    expect(first.stdout.trimEnd().split("\n").at(-1)).toMatch(/^Next: start Codex in a repository .*`\$cc:setup`/);
    expect(statSync(installedCc()).mode & 0o111).not.toBe(0);

    const list = await run([codexBin, "plugin", "list", "--json"], { env: env(), timeoutMs: 30000 });
    const cc = JSON.parse(list.stdout).installed.find((p: any) => p.pluginId === "cc@cc");
    expect(cc, describeRun(list)).toMatchObject({ installed: true, enabled: true });

    // The model's skill list in a real turn carries the eleven cc: skills, each naming the installed binary.
    const turn = await codexExec(sb, "hi", { env: env(), timeoutMs: 60000 });
    expect(turn.code, describeRun(turn)).toBe(0);
    const listing = mock.requests.at(-1)!.developerTexts().join("\n");
    for (const name of SKILLS) expect(listing).toMatch(new RegExp(`- cc:${name}: `));
    const cache = join(sb.codexHome, "plugins", "cache", "cc", "cc", "local", "skills");
    for (const name of SKILLS) {
      const body = readFileSync(join(cache, name, "SKILL.md"), "utf8");
      expect(body).toContain(`    ${installedCc()} ${name}`);
      expect(body).not.toContain("{{CC_BIN}}");
    }
    const rules = readFileSync(join(sb.codexHome, "rules", "cc.rules"), "utf8");
    expect(rules).toContain(`pattern = ["${installedCc()}", [`);

    const installed = snapshot(sb.codexHome);
    const again = await ccRun(["install", "--yes"]);
    expect(again.code, describeRun(again)).toBe(0);
    expect(
      again.stdout
        .split("\n")
        .filter((l) => l.startsWith("✓ "))
        .every((l) => l.includes("unchanged") || l.startsWith("✓ codex ")),
    ).toBe(true);
    expect(snapshot(sb.codexHome)).toEqual(installed);
    // From a script (no terminal, no --yes): what is true, not "not trusted".
    const scripted = await ccRun(["install"]);
    expect(scripted.code, describeRun(scripted)).toBe(0);
    expect(scripted.stdout).toMatch(/✓ hooks trusted \(\d+ hooks, unchanged\)/);
    expect(scripted.stdout).not.toContain("not trusted");
    expect(snapshot(sb.codexHome)).toEqual(installed);

    const gone = await ccRun(["uninstall"]);
    expect(gone.code, describeRun(gone)).toBe(0);
    expect(readFileSync(join(sb.codexHome, "config.toml"), "utf8")).toBe(configBefore);
    // The turn's hooks recorded the session in cc's database: kept (results and settings) unless --purge.
    expect(gone.stdout).toContain("kept cc's job results and settings");
    const purged = await ccRun(["uninstall", "--purge"]);
    expect(purged.code, describeRun(purged)).toBe(0);
    expect(snapshot(sb.codexHome)).toEqual(pristine);
    const after = await run([codexBin, "plugin", "list", "--json"], { env: env(), timeoutMs: 30000 });
    expect(JSON.parse(after.stdout).installed).toEqual([]);
  }, 60000);

  test("uninstall removes the hook trust entries Codex keeps, and leaves the user's own", async () => {
    sb.writeCodexConfig("http://127.0.0.1:9/v1", {
      extra: `[hooks.state."/elsewhere/hooks.json:stop:0:0"]\ntrusted_hash = "sha256:aa"\n\n[hooks.state."cc@cc:hooks/hooks.json:stop:0:0"]\ntrusted_hash = "sha256:bb"\ntrusted_content_hash = "sha256:cc"\n`,
    });
    expect((await ccRun(["install", "--no-rules"])).code).toBe(0);
    expect(existsSync(join(sb.codexHome, "rules", "cc.rules"))).toBe(false);
    const r = await ccRun(["uninstall"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(r.stdout).toContain("removed 1 hook trust entry");
    const config = readFileSync(join(sb.codexHome, "config.toml"), "utf8");
    expect(config).toContain(`[hooks.state."/elsewhere/hooks.json:stop:0:0"]`);
    expect(config).not.toContain("cc@cc");
  }, 60000);

  test("clear errors: codex too old, CODEX_HOME not writable, a path that needs quoting", async () => {
    const fake = join(sb.root, "old-codex");
    writeFileSync(fake, "#!/bin/sh\necho 'codex-cli 0.100.0'\n", { mode: 0o755 });
    const old = await ccRun(["install", "--yes", "--codex-bin", fake]);
    expect(old.code).toBe(1);
    expect(old.stderr).toContain("codex 0.100.0 is older than 0.169.0");

    const file = join(sb.root, "not-a-dir");
    writeFileSync(file, "");
    const unwritable = await ccRun(["install", "--yes", "--codex-home", join(file, "codex")]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/CODEX_HOME .* is not writable/);

    const spaced = join(sb.root, "my codex");
    mkdirSync(spaced);
    const quoted = await ccRun(["install", "--yes", "--codex-home", spaced]);
    expect(quoted.code).toBe(1);
    expect(quoted.stderr).toContain("needs quoting");
    expect(existsSync(join(spaced, "plugins"))).toBe(false);
  }, 60000);
});

describe("$cc:setup through codex exec", () => {
  const setupTurn = () => codexExec(sb, "$cc:setup", { env: env(), timeoutMs: 90000 });

  test("danger-full-access: the skill's command runs and its report is Codex's final message", async () => {
    mock = startResponsesMock((req) => followSkill(req));
    sb.writeCodexConfig(mock.url, { extra: workspaceWrite });
    expect((await ccRun(["install", "--yes"])).code).toBe(0);
    const r = await setupTurn();
    expect(mock.scriptErrors).toEqual([]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(mock.requests[1]!.body.input.find((i: any) => i.type === "function_call").arguments).toContain(`${installedCc()} setup`);
    expect(r.lastMessage).toContain("✓ skills: Codex sees all 11");
    expect(r.lastMessage).toContain("✓ plugin: cc@cc installed and enabled");
    expect(r.lastMessage).toContain("✓ codex sandbox: cc runs outside Codex's sandbox here");
  }, 60000);

  test("workspace-write with the rules file: no sentinel, no escalation, the report comes back [codex-version]", async () => {
    mock = startResponsesMock((req) => followSkill(req));
    sb.writeCodexConfig(mock.url, { sandboxMode: "workspace-write", extra: workspaceWrite });
    expect((await ccRun(["install", "--yes"])).code).toBe(0);
    const r = await setupTurn();
    expect(mock.scriptErrors).toEqual([]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(mock.requests.length).toBe(2);
    expect(r.lastMessage).not.toContain("CC_SANDBOX_BLOCKED");
    expect(r.lastMessage).toContain("✓ rules file:");
    expect(r.lastMessage).toContain("✓ codex sandbox: cc runs outside Codex's sandbox here");
  }, 60000);

  test("workspace-write without the rules file: sentinel (exit 86), escalation refused in exec, the user is told what to do [codex-version]", async () => {
    mock = startResponsesMock((req) => followSkill(req));
    sb.writeCodexConfig(mock.url, { sandboxMode: "workspace-write", extra: workspaceWrite });
    expect((await ccRun(["install", "--no-rules"])).code).toBe(0);
    const r = await setupTurn();
    expect(mock.scriptErrors).toEqual([]);
    expect(r.code, describeRun(r)).toBe(0);
    const [, second, third] = mock.requests;
    const blocked = second!.outputs().at(-1)!;
    expect(blocked.exitCode).toBe(86);
    expect(blocked.output).toContain(`CC_SANDBOX_BLOCKED: cc cannot run inside Codex's sandbox (network blocked (EPERM)`);
    expect(blocked.output).toContain(`prefix_rule ["${installedCc()}","setup"]`);
    // The first line is for the person: a declined escalation ends the turn, so nothing later reaches them.
    expect(blocked.output.split("\n")[0]).toBe(
      `cc needs to run outside Codex's sandbox. To stop Codex asking, run \`${installedCc()} install --rules\` once in a terminal.`,
    );
    const escalated = JSON.parse(third!.body.input.filter((i: any) => i.type === "function_call").at(-1).arguments);
    expect(escalated).toMatchObject({ cmd: `${installedCc()} setup`, sandbox_permissions: "require_escalated", prefix_rule: [installedCc(), "setup"] });
    expect(third!.outputs().at(-1)!.raw).toContain("approval policy is Never");
    expect(r.lastMessage).toContain(`run \`${installedCc()} install\` in a terminal and accept the rules file`);
  }, 60000);
});
