/** `claude auth status` as cc reads it: login state, method, and the API-key-over-subscription billing warning. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { authBlocksRun, claudeAuthStatus } from "../../src/claude/auth.ts";
import { claudeBin } from "../support/bins.ts";
import { Sandbox } from "../support/sandbox.ts";

let sb: Sandbox;
beforeEach(() => {
  sb = new Sandbox({ repo: false });
});
afterEach(() => sb.cleanup());

function fakeClaude(body: string): string {
  const path = join(sb.root, "fake-claude");
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe("claudeAuthStatus", () => {
  test("with an API key: logged in by api_key, no warning when there is no subscription underneath", async () => {
    const s = await claudeAuthStatus({ claudePath: claudeBin, env: sb.claudeEnv("http://127.0.0.1:9") });
    expect(s).toMatchObject({
      loggedIn: true,
      method: "api_key",
      apiKeySource: "ANTHROPIC_API_KEY",
      apiKeyOverridesSubscription: false,
      warning: null,
      error: null,
    });
  }, 20000);

  test("logged out: reported, and it blocks a run only without a custom ANTHROPIC_BASE_URL", async () => {
    const env = sb.baseEnv({ CLAUDE_CONFIG_DIR: sb.claudeConfigDir });
    const s = await claudeAuthStatus({ claudePath: claudeBin, env });
    expect(s).toMatchObject({ loggedIn: false, method: "none", error: null, baseUrl: null });
    expect(authBlocksRun(s)).toBe(true);
    const gateway = await claudeAuthStatus({ claudePath: claudeBin, env: { ...env, ANTHROPIC_BASE_URL: "http://127.0.0.1:9" } });
    expect(gateway.loggedIn).toBe(false);
    expect(authBlocksRun(gateway)).toBe(false);
  }, 20000);

  test("an ANTHROPIC_API_KEY that overrides a subscription login is warned about", async () => {
    const fake = fakeClaude(
      `if [ -n "$ANTHROPIC_API_KEY" ]; then echo '{"loggedIn": true, "authMethod": "api_key", "apiProvider": "firstParty", "apiKeySource": "ANTHROPIC_API_KEY"}'; else echo '{"loggedIn": true, "authMethod": "claude.ai", "apiProvider": "firstParty"}'; fi`,
    );
    const s = await claudeAuthStatus({ claudePath: fake, env: sb.baseEnv({ ANTHROPIC_API_KEY: "sk-live" }) });
    expect(s.apiKeyOverridesSubscription).toBe(true);
    expect(s.warning).toContain("ANTHROPIC_API_KEY");
    expect(s.warning).toContain("claude.ai");
    const subscriptionOnly = await claudeAuthStatus({ claudePath: fake, env: sb.baseEnv() });
    expect(subscriptionOnly).toMatchObject({ loggedIn: true, method: "claude.ai", warning: null });
  }, 20000);

  test("a claude that never answers is bounded", async () => {
    const fake = fakeClaude("sleep 30");
    const began = Date.now();
    const s = await claudeAuthStatus({ claudePath: fake, env: sb.baseEnv(), timeoutMs: 500 });
    expect(Date.now() - began).toBeLessThan(3000);
    expect(s.error).toContain("did not answer");
    expect(authBlocksRun(s)).toBe(false);
  }, 20000);
});
