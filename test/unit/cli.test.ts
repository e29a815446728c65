import { describe, expect, test } from "bun:test";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { assertKnownFlags } from "../../src/cli-flags.ts";
import { commandNames, commands } from "../../src/command-table.ts";
import { UsageError } from "../../src/lib/errors.ts";
import { payloadFiles } from "../../src/payload/files.ts";
import { repoRoot } from "../support/bins.ts";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [relative(repoRoot, full)];
  });
}

describe("payload", () => {
  test("every file under plugin/ and hooks/ is embedded, with its exact content", async () => {
    const onDisk = [...filesUnder(join(repoRoot, "plugin")), ...filesUnder(join(repoRoot, "hooks"))].filter((f) => !f.endsWith(".gitkeep")).sort();
    expect(Object.keys(payloadFiles).sort()).toEqual(onDisk);
    for (const path of onDisk) expect(payloadFiles[path]).toBe(await Bun.file(join(repoRoot, path)).text());
  });
});

describe("command table", () => {
  test("every command loads and its meta name matches the table", async () => {
    for (const name of commandNames(true)) {
      const cmd = await commands[name]!.load();
      const meta = typeof cmd.meta === "function" ? await cmd.meta() : await cmd.meta;
      expect(meta?.name).toBe(name);
    }
  });
});

describe("flag checking", () => {
  const args = { json: { type: "boolean" as const }, model: { type: "string" as const }, "older-than": { type: "string" as const } };

  test("known flags, values, negation and -- pass", () => {
    expect(() => assertKnownFlags(["--json", "--model", "opus", "--older-than=7d", "--no-json", "--", "--anything"], args, "x")).not.toThrow();
    expect(() => assertKnownFlags(["--olderThan", "3d"], args, "x")).not.toThrow();
  });

  test("a typo is refused with the list of options", () => {
    try {
      assertKnownFlags(["--jsn"], args, "status");
      throw new Error("expected a UsageError");
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      // The command is named by a form that runs (lib/invocation.ts), never a bare `cc status`.
      expect((error as UsageError).message).toMatch(/^unknown option "--jsn" for `\S+ \S*cli\.ts status`$/);
      expect((error as UsageError).hint).toContain("--json");
    }
  });

  test("a string flag without its value is refused", () => {
    expect(() => assertKnownFlags(["--model"], args, "x")).toThrow(/needs a value/);
    expect(() => assertKnownFlags(["--model", "--json"], args, "x")).toThrow(/needs a value/);
  });
});

describe("help on a pipe", () => {
  test("`cc help <command>` and `cc <command> --help` carry no colour escapes when stdout is not a terminal", async () => {
    for (const args of [["help", "review"], ["status", "--help"], ["--help"]]) {
      const r = Bun.spawnSync([process.execPath, join(repoRoot, "src/cli.ts"), ...args], {
        stdout: "pipe",
        stderr: "pipe",
        stdin: "ignore",
        env: { ...process.env, NO_COLOR: undefined, CI: undefined, TEST: undefined, TERM: "xterm-256color" },
      });
      const out = r.stdout.toString();
      expect(r.exitCode).toBe(0);
      expect(out).toMatch(/usage/i);
      expect(out).not.toContain("\x1b[");
    }
  });
});

describe("each command's help states its own defaults", () => {
  test("--wait: a rescue names rescueInBackground, a review names reviewBackgroundAbove", async () => {
    const waitOf = async (name: string) => {
      const cmd = await commands[name]!.load();
      const args = typeof cmd.args === "function" ? await cmd.args() : await cmd.args;
      return String((args as Record<string, { description?: string }>).wait?.description);
    };
    const rescue = await waitOf("rescue");
    expect(rescue).toContain("rescueInBackground");
    expect(rescue).not.toContain("review");
    for (const name of ["review", "adversarial-review"]) expect(await waitOf(name)).toContain("reviewBackgroundAbove");
  });
});
