/**
 * The sandbox also holds for an ordinary user (bubblewrap without root): when the tests run as root,
 * the same rescue runs as `nobody` through setpriv. Skipped with a message otherwise.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type AnthropicMock, reply, startAnthropicMock, toolSteps } from "../support/anthropic-mock.ts";
import { ccFromSource, claudeBin } from "../support/bins.ts";
import { git } from "../support/git.ts";
import { describeRun, reapAll, run } from "../support/processes.ts";
import { remoteRefs } from "../support/repo-state.ts";
import { Sandbox } from "../support/sandbox.ts";

const NOBODY = 65534;
const possible =
  process.getuid?.() === 0 &&
  Bun.which("setpriv") !== null &&
  Bun.spawnSync(["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "bwrap", "--ro-bind", "/", "/", "--unshare-net", "--", "true"])
    .exitCode === 0;
if (!possible) console.warn("skipping the unprivileged-user test: needs root, setpriv and bwrap usable by nobody");

let sb: Sandbox;
let mock: AnthropicMock | null = null;
beforeEach(() => {
  sb = new Sandbox();
  // The test's own git reads repositories owned by nobody.
  Object.assign(process.env, { GIT_CONFIG_COUNT: "1", GIT_CONFIG_KEY_0: "safe.directory", GIT_CONFIG_VALUE_0: "*" });
});
afterEach(async () => {
  for (const k of ["GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_0"]) delete process.env[k];
  await reapAll();
  await mock?.close();
  mock = null;
  sb.cleanup();
});

(possible ? test : test.skip)(
  "as nobody: the push and the outside write fail, the fix lands, undo restores it",
  async () => {
    const remote = join(sb.root, "remote.git");
    git(sb.root, "init", "-q", "--bare", remote);
    git(sb.repo, "remote", "add", "origin", remote);
    git(sb.repo, "push", "-q", "origin", "main");
    const outside = join(sb.root, "outside.txt");
    writeFileSync(outside, "outside\n");
    chmodSync(sb.root, 0o755);
    Bun.spawnSync(["chown", "-R", `${NOBODY}:${NOBODY}`, sb.root]);
    const remoteBefore = remoteRefs(remote);
    mock = startAnthropicMock(
      toolSteps(
        [
          reply.tool("Bash", { command: "id -u; git -C . push origin HEAD:refs/heads/pwned", description: "push" }),
          reply.tool("Bash", { command: `echo pwned > ${outside}`, description: "outside" }),
          reply.tool("Bash", { command: "echo fixed > a.txt && git commit -qam fix", description: "fix" }),
        ],
        reply.text("done"),
      ),
    );
    const env = {
      ...sb.claudeEnv(mock.url, { CC_CLAUDE_BIN: claudeBin, CODEX_THREAD_ID: "thread-nobody" }),
      GIT_CONFIG_COUNT: "1",
      GIT_CONFIG_KEY_0: "safe.directory",
      GIT_CONFIG_VALUE_0: "*",
    };
    const asNobody = (args: string[]) =>
      run(["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", ...ccFromSource, ...args], { cwd: sb.repo, env, timeoutMs: 60000 });

    const r = await asNobody(["rescue", "--json", "fix it"]);
    expect(r.code, describeRun(r)).toBe(0);
    expect(mock.requests.at(-1)!.results()[0]!.content).toContain(String(NOBODY));
    expect(remoteRefs(remote)).toBe(remoteBefore);
    expect(readFileSync(outside, "utf8")).toBe("outside\n");
    expect(readFileSync(join(sb.repo, "a.txt"), "utf8")).toBe("fixed\n");

    const undo = await asNobody(["rescue", "--undo", JSON.parse(r.stdout).job]);
    expect(undo.code, describeRun(undo)).toBe(0);
    expect(readFileSync(join(sb.repo, "a.txt"), "utf8")).toBe("hello\n");
    expect(git(sb.repo, "log", "--format=%s")).toBe("initial\n");
  },
  90000,
);
