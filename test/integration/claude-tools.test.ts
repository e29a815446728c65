/**
 * The tools a run gets are the ones cc names, whatever Claude's release adds to its default set
 * (2.1.332 brought Monitor, ToolSearch and ListAgents; it also has cron jobs, worktrees and web
 * access). Real claude against the Messages mock: the tool list of the request Claude sends.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { PROFILES, WRITE_TOOLS } from "../../src/claude/profiles.ts";
import { type AnthropicMock, reply, startAnthropicMock } from "../support/anthropic-mock.ts";
import { reapRuns, runRunner } from "../support/runner.ts";
import { Sandbox } from "../support/sandbox.ts";

let sb: Sandbox;
let mock: AnthropicMock;
afterEach(async () => {
  await reapRuns();
  await mock?.close();
  sb?.cleanup();
});

/** Claude adds placeholders of its own (DeferredToolPlaceholder) that are not tools a run can call. */
const offered = (m: AnthropicMock) =>
  (m.requests[0]!.body.tools as { name: string }[])
    .map((t) => t.name)
    .filter((n) => !n.includes("Placeholder"))
    .sort();

describe("each profile's tools are pinned", () => {
  for (const name of ["write", "read-only"] as const) {
    test(`${name}: the init event and the model request carry exactly the profile's tools`, async () => {
      sb = new Sandbox();
      mock = startAnthropicMock(() => reply.text("done"));
      const { outcome, events } = await runRunner(sb, mock.url, { profile: name });
      expect(outcome.ok, outcome.message).toBe(true);
      const init = events.find((e) => e.type === "init") as { tools: string[] } | undefined;
      const tools = [...PROFILES[name].tools!].sort();
      expect([...(init?.tools ?? [])].sort()).toEqual(tools);
      expect(offered(mock)).toEqual(tools);
    }, 45_000);
  }

  test("the write profile names its list (no default set)", () => {
    expect(PROFILES.write.tools).toEqual(WRITE_TOOLS);
  });
});
