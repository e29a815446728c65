/**
 * Issue 14 through the real codex: approvals and rules as the user meets them. What "Yes, and
 * don't ask again" persists is exactly the skill's prefix rule (Codex appends
 * `prefix_rule(pattern=<it>, decision="allow")` to rules/default.rules), so these tests write that
 * file the way Codex does, then let Codex judge it. Also: a login shell that resets PATH.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { basePath, claudeBin, codexBin } from "../support/bins.ts";
import { run } from "../support/processes.ts";
import { followSkill } from "./codex-skills.ts";
import { UxWorld } from "./ux-world.ts";

let world: UxWorld;
afterEach(async () => world?.close());

/** What Codex appends to default.rules when the user picks "Yes, and don't ask again". */
function approveForever(world: UxWorld, pattern: unknown[]): void {
  mkdirSync(join(world.sb.codexHome, "rules"), { recursive: true });
  writeFileSync(join(world.sb.codexHome, "rules", "default.rules"), `prefix_rule(pattern=${JSON.stringify(pattern)}, decision="allow")\n`);
}

async function decision(world: UxWorld, argv: string[]): Promise<string | null> {
  const rules = join(world.sb.codexHome, "rules", "default.rules");
  const r = await run([codexBin, "execpolicy", "check", "--rules", rules, ...argv], { cwd: world.sb.repo, env: world.env(), timeoutMs: 15000 });
  return (JSON.parse(r.stdout) as { decision?: string }).decision ?? null;
}

describe("approvals and rules", () => {
  test("'don't ask again' on a skill's escalation allows that skill's command and not cc install/uninstall [codex-version]", async () => {
    world = new UxWorld();
    world.config("workspace-write");
    const { cc } = await world.install(["--no-rules"]);
    // Sandboxed, no rule: cc's sentinel, then the escalated retry with the skill's prefix rule (refused in exec).
    await world.turn("$cc:status --all");
    const escalated = world.calls().find((c) => c.sandbox_permissions === "require_escalated")!;
    expect(escalated.prefix_rule).toEqual([cc, "status"]);

    approveForever(world, escalated.prefix_rule as string[]);
    expect(await decision(world, [cc, "status", "--all"])).toBe("allow");
    expect(await decision(world, [cc, "status", "review-abc123", "--wait"])).toBe("allow");
    for (const other of [["install"], ["uninstall"], ["uninstall", "--purge"], ["rescue", "x"], ["update"]])
      expect(await decision(world, [cc, ...other])).toBeNull();

    // And Codex itself now runs the skill's command outside its sandbox without asking.
    const allowed = await world.turn("$cc:status --all");
    expect(allowed.lastMessage).not.toContain("CC_SANDBOX_BLOCKED");
    expect(allowed.lastMessage).toContain("no jobs yet");
  }, 120_000);

  test("after 'don't ask again' (default.rules), $cc:setup reads the rules as Codex applies them: no ✗, cc is ready", async () => {
    world = new UxWorld();
    world.config("workspace-write");
    const { cc } = await world.install(["--no-rules"]);
    // What earlier skills (prefix rule = the bare path) made Codex write: every cc command is allowed.
    approveForever(world, [cc]);
    const turn = await world.turn("$cc:setup");
    expect(world.calls()).toHaveLength(1); // run without the sentinel: default.rules let it out of the sandbox
    expect(turn.lastMessage).toContain("✓ rules file: Codex runs every cc skill command without asking (allowed by default.rules)");
    expect(turn.lastMessage).toContain(`! default.rules also lets Codex run \`${cc} install\` and \`${cc} uninstall\` without asking`);
    expect(turn.lastMessage).not.toContain("✗");
    expect(turn.lastMessage).toContain("cc is ready.");
  }, 120_000);

  test("only $cc:setup approved: the rules line is optional (–, not ✗), names what Codex still asks about and the fix", async () => {
    world = new UxWorld();
    world.config("workspace-write");
    const { cc } = await world.install(["--no-rules"]);
    approveForever(world, [cc, "setup"]);
    const turn = await world.turn("$cc:setup");
    expect(turn.lastMessage).toContain(
      "– rules file (optional): Codex runs $cc:setup without asking (default.rules); it asks before $cc:review $cc:adversarial-review $cc:rescue $cc:status $cc:result $cc:cancel",
    );
    expect(turn.lastMessage).toContain(`to stop the prompts, \`${cc} install --rules\` in a terminal`);
    expect(turn.lastMessage).not.toContain("✗");
    expect(turn.lastMessage).toContain("cc is ready.");
  }, 120_000);

  test("a repeat install without a terminal says the current cc.rules is kept, not that it was not written", async () => {
    world = new UxWorld();
    world.config("danger-full-access");
    await world.install(["--yes"]);
    const { out } = await world.install([]); // no flag, no terminal: nothing is asked
    expect(out.stdout).toMatch(/^✓ rules \S+\/rules\/cc\.rules \(unchanged, kept\)$/m);
    expect(out.stdout).not.toContain("rules file not written");
  }, 120_000);

  test("a login shell resets PATH: the claude `cc install` found on the user's PATH is still used", async () => {
    world = new UxWorld((req) => followSkill(req, { login: true }));
    const own = join(world.sb.root, "own-bin");
    mkdirSync(own);
    symlinkSync(claudeBin, join(own, "claude"));
    // No CC_CLAUDE_BIN: claude is only on this custom PATH entry, which /etc/profile drops.
    world.envExtra = { PATH: basePath([own]) };
    world.config("danger-full-access");
    const { out } = await world.install(["--yes"]);
    const turn = await world.turn("$cc:review --wait");
    expect(world.calls()[0]).toMatchObject({ login: true });
    expect(turn.lastMessage).toContain("UX_FINDING_TITLE");
    expect(out.stdout).toContain(`✓ claude ${join(own, "claude")} (remembered`);
    const setup = await world.turn("$cc:setup");
    expect(setup.lastMessage).toContain(`✓ claude: ${join(own, "claude")}`);
    expect(setup.lastMessage).toContain("remembered at install");
  }, 120_000);
});
