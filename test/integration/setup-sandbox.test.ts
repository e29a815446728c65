/**
 * `cc setup` says whether a write rescue can be sandboxed here (Claude Code's OS sandbox: bubblewrap
 * and socat able to make namespaces on Linux), with the exact install command when not; and its
 * line about Codex's sandbox says it is about the sandbox around this cc process.
 */
import { describe, expect, test } from "bun:test";
import { ccFromSource } from "../support/bins.ts";
import { osSandbox } from "../support/os-sandbox.ts";
import { run } from "../support/processes.ts";
import { world } from "../support/world.ts";

/** Hides bwrap for real (a private mount namespace with /dev/null over it): needs root and unshare -m. */
const canHideBwrap = process.getuid?.() === 0 && Bun.spawnSync(["unshare", "-m", "true"]).exitCode === 0 && Bun.which("bwrap") === "/usr/bin/bwrap";

describe("cc setup and the sandboxes", () => {
  test("names the rescue sandbox's state and words the Codex sandbox line as being about this process", async () => {
    await using w = world();
    const r = await w.cc(["setup"]);
    expect(r.stdout).toContain("✓ codex sandbox: cc runs outside Codex's sandbox here (loopback network and the data dir are usable)");
    expect(r.stdout).not.toContain("not sandboxed");
    if (osSandbox.ok) expect(r.stdout).toContain(`✓ rescue sandbox: write rescues run in Claude Code's OS sandbox (${osSandbox.mechanism})`);
    else expect(r.stdout).toContain(`– rescue sandbox (optional): write rescues cannot be sandboxed here: ${osSandbox.reason}`);
  }, 60_000);

  test.skipIf(!canHideBwrap)(
    `without bubblewrap: optional, the reason and the exact install command${canHideBwrap ? "" : " (skipped: needs root and unshare -m)"}`,
    async () => {
      await using w = world();
      const r = await run(["unshare", "-m", "sh", "-c", 'mount --bind /dev/null /usr/bin/bwrap && exec "$@"', "sh", ...ccFromSource, "setup"], {
        cwd: w.sb.repo,
        env: w.env(),
        timeoutMs: 60000,
      });
      const line = r.stdout.split("\n").find((l) => l.includes("rescue sandbox")) ?? r.stdout;
      expect(line).toStartWith("– rescue sandbox (optional): write rescues cannot be sandboxed here: ");
      const install = Bun.which("apt-get", { PATH: w.env().PATH }) ? "sudo apt-get install bubblewrap socat" : "bubblewrap socat";
      expect(line).toContain(install);
      expect(line).toContain("--no-sandbox");
    },
    60_000,
  );
});
