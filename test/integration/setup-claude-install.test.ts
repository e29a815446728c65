/**
 * `cc setup` where Claude Code is missing: it offers Claude Code's own native installer. Without a
 * terminal (and inside Codex) it only prints the exact command; `--yes` runs the installer and
 * checks again. The installer is a loopback stand-in at CC_CLAUDE_INSTALLER_URL (the mirror
 * setting) that puts a claude where the real one goes (~/.local/bin).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ccFromSource, codexBin } from "../support/bins.ts";
import { describeRun, run } from "../support/processes.ts";
import { world } from "../support/world.ts";

const STAND_IN = `#!/bin/sh
set -e
mkdir -p "$HOME/.local/bin"
printf '#!/bin/sh\\necho "9.9.9 (Claude Code)"\\n' > "$HOME/.local/bin/claude"
chmod +x "$HOME/.local/bin/claude"
echo "stand-in installer: claude installed"
`;

let requests = 0;
const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch(req) {
    requests++;
    return new URL(req.url).pathname === "/install.sh" ? new Response(STAND_IN) : new Response("not found", { status: 404 });
  },
});
afterAll(() => server.stop(true));
const url = `http://127.0.0.1:${server.port}/install.sh`;

/** An environment where no claude can be found: no CC_CLAUDE_BIN, a PATH without node_modules/.bin. */
const envOf = (w: ReturnType<typeof world>) => w.sb.baseEnv({ CC_CODEX_BIN: codexBin, CC_CLAUDE_INSTALLER_URL: url });
const setup = (w: ReturnType<typeof world>, args: string[], env = envOf(w)) =>
  run([...ccFromSource, "setup", ...args], { cwd: w.sb.repo, env, timeoutMs: 60000 });

describe("cc setup without Claude Code", () => {
  test("without a terminal: the installer's exact command, and nothing run", async () => {
    await using w = world();
    requests = 0;
    const r = await setup(w, []);
    expect(r.stdout).toContain("✗ claude: ");
    expect(r.stdout).toContain(`\`curl -fsSL ${url} | bash\``);
    expect(requests).toBe(0);
    expect(existsSync(join(w.sb.home, ".local", "bin", "claude"))).toBe(false);
  }, 60_000);

  test("--yes runs Claude Code's installer, then finds the claude it installed", async () => {
    await using w = world();
    requests = 0;
    const r = await setup(w, ["--yes"]);
    expect(requests, describeRun(r)).toBe(1);
    expect(r.stdout).toContain(`→ Installed Claude Code: ran Claude Code's installer from ${url}.`);
    expect(r.stdout).toContain(`✓ claude: ${join(w.sb.home, ".local", "bin", "claude")} (9.9.9 (Claude Code)`);
    expect(r.stderr).toContain("stand-in installer: claude installed");
  }, 60_000);

  test("an installer address that is not http(s) is refused with the fix", async () => {
    await using w = world();
    const r = await setup(w, ["--yes"], { ...envOf(w), CC_CLAUDE_INSTALLER_URL: "file:///etc/passwd" });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("CC_CLAUDE_INSTALLER_URL is not an http(s) address");
  }, 60_000);
});
