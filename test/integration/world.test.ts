/** The test fixture itself: what a world makes is gone when its block ends, failed or not. */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { reply } from "../support/anthropic-mock.ts";
import { isAlive, start } from "../support/processes.ts";
import { world } from "../support/world.ts";

describe("world", () => {
  test("disposal reaps its processes, runs what was deferred, closes the mocks and removes the root, even after a throw", async () => {
    let root = "";
    let url = "";
    let pid = 0;
    const order: string[] = [];
    await expect(
      (async () => {
        await using w = world({ repo: { "a.txt": "hi\n" }, claude: reply.text("done") });
        root = w.sb.root;
        url = w.claude.url;
        pid = start(["sleep", "30"], { cwd: w.sb.repo, env: w.env(), timeoutMs: 60000 }).pid;
        w.defer(() => order.push("first"));
        w.defer(() => order.push("second"));
        expect(existsSync(`${w.sb.repo}/a.txt`)).toBe(true);
        throw new Error("the test failed");
      })(),
    ).rejects.toThrow("the test failed");
    expect(existsSync(root)).toBe(false);
    expect(isAlive(pid)).toBe(false);
    expect(order).toEqual(["second", "first"]);
    await expect(fetch(url)).rejects.toThrow();
  });

  test("cc from source runs in the world's repository with its private data dir", async () => {
    await using w = world();
    const r = await w.cc(["status", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toBeDefined();
  });
});
