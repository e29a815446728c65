/**
 * The MCP SDK stays off the hot paths: only src/mcp/server.ts imports it, and only `cc mcp`
 * (src/commands/mcp.ts) loads that module, lazily. Hooks and `cc status` never evaluate it.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Glob } from "bun";
import { repoRoot } from "../support/bins.ts";

const sources = [...new Glob("src/**/*.ts").scanSync({ cwd: repoRoot })].map((path) => ({ path, text: readFileSync(join(repoRoot, path), "utf8") }));

describe("the MCP SDK is loaded by cc mcp alone", () => {
  test("only src/mcp/server.ts imports @modelcontextprotocol/sdk", () => {
    expect(sources.filter((s) => s.text.includes("@modelcontextprotocol/sdk")).map((s) => s.path)).toEqual(["src/mcp/server.ts"]);
  });

  test("only src/commands/mcp.ts imports src/mcp/server.ts, with a dynamic import", () => {
    const importers = sources.filter((s) => /["'][./]*mcp\/server\.ts["']/.test(s.text));
    expect(importers.map((s) => s.path)).toEqual(["src/commands/mcp.ts"]);
    expect(importers[0]!.text).toMatch(/await import\("\.\.\/mcp\/server\.ts"\)/);
    expect(importers[0]!.text).not.toMatch(/^import .*mcp\/server\.ts/m);
  });
});
