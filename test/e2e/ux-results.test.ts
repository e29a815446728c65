/**
 * Issue 14 through the real codex: what the user reads after `$cc:review`, `$cc:status` and
 * `$cc:result` is right and actionable — hints in the `$cc:` form, no progress noise when the model
 * asks for a terminal, and a result left by an earlier Codex session is found after a restart.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { run } from "../support/processes.ts";
import { followSkill } from "./codex-skills.ts";
import { BARE_CC, UxWorld } from "./ux-world.ts";

let world: UxWorld;
afterEach(async () => world?.close());

describe("what $cc: commands print inside Codex", () => {
  test("a background review names its follow-ups as $cc: skills, never a bare `cc status`", async () => {
    world = new UxWorld();
    world.config("danger-full-access");
    await world.install(["--yes"]);
    const turn = await world.turn("$cc:review --background");
    const jobId = /job (review-[0-9a-z]+)/.exec(turn.lastMessage)?.[1];
    expect(jobId, turn.lastMessage).toBeString();
    expect(turn.lastMessage).toContain(`$cc:status ${jobId}`);
    expect(turn.lastMessage).toContain(`$cc:result ${jobId}`);
    expect(turn.lastMessage).toContain(`$cc:cancel ${jobId}`);
    expect(turn.lastMessage).not.toMatch(BARE_CC);
  }, 90_000);

  test("the model asks for a terminal (tty: true): the result carries no progress line and no notes [codex-version]", async () => {
    world = new UxWorld((req) => followSkill(req, { tty: true }));
    world.config("danger-full-access");
    await world.install(["--yes"]);
    const turn = await world.turn("$cc:review --wait");
    expect(world.calls()[0]).toMatchObject({ tty: true });
    expect(turn.lastMessage).toContain("UX_FINDING_TITLE");
    expect(turn.lastMessage).not.toContain("Claude is reviewing");
    expect(turn.lastMessage).not.toContain("collecting the");
    expect(turn.lastMessage).not.toContain("\x1b[2K");
    expect(turn.lastMessage).not.toMatch(/claude · \d+s/);
  }, 90_000);

  test("--progress still shows it inside Codex, when asked for", async () => {
    world = new UxWorld((req) => followSkill(req, { tty: true }));
    world.config("danger-full-access");
    await world.install(["--yes"]);
    const turn = await world.turn("$cc:review --wait --progress");
    expect(turn.lastMessage).toContain("UX_FINDING_TITLE");
    expect(turn.lastMessage).toContain("Claude is reviewing");
  }, 90_000);

  test("after a Codex restart: $cc:status mentions the earlier session's unread result, $cc:result shows it", async () => {
    world = new UxWorld();
    world.config("danger-full-access");
    const { cc } = await world.install(["--yes"]);
    const first = await world.turn("$cc:review --background");
    const jobId = /job (review-[0-9a-z]+)/.exec(first.lastMessage)![1]!;
    const waited = await run([cc, "status", jobId, "--wait", "--timeout", "60s"], { cwd: world.sb.repo, env: world.env(), timeoutMs: 70000 });
    expect(waited.stdout).toContain("completed (unread)");

    // A new `codex exec` is a new Codex session (thread).
    const status = await world.turn("$cc:status");
    expect(status.threadId).not.toBe(first.threadId);
    expect(status.lastMessage).toContain("Jobs of this Codex session: no jobs yet.");
    expect(status.lastMessage).toContain(`1 unread result from an earlier Codex session: \`$cc:result ${jobId}\``);

    const result = await world.turn("$cc:result");
    expect(result.lastMessage).toContain("this is the newest unread result of the workspace, from an earlier Codex session");
    expect(result.lastMessage).toContain("UX_FINDING_TITLE");
    expect(result.lastMessage).toContain(jobId);

    // Read now: neither command points at it again.
    const again = await world.turn("$cc:status", result.threadId);
    expect(again.lastMessage).not.toContain("unread result from an earlier");
  }, 180_000);
});
