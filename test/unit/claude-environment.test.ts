/** The environment policy as data: what each profile passes to claude (src/claude/environment.ts). */
import { expect, test } from "bun:test";
import { filterEnvironment, workerEnvironment } from "../../src/claude/environment.ts";
import { configSchema } from "../../src/lib/config.ts";

const source = {
  PATH: "/usr/bin",
  HOME: "/home/u",
  LC_ALL: "C",
  ANTHROPIC_API_KEY: "a",
  CLAUDE_CONFIG_DIR: "/c",
  https_proxy: "http://p",
  OPENAI_API_KEY: "o",
  CODEX_API_KEY: "c",
  CODEX_HOME: "/h/.codex",
  GITHUB_TOKEN: "g",
  AWS_SECRET_ACCESS_KEY: "s",
  NPM_TOKEN: "n",
  JAVA_HOME: "/jdk",
  CC_DATA_DIR: "/d",
  CC_RUN_MARKER: "other-run",
};

test("read-only: Claude's own settings and the basics, nothing else", () => {
  expect(Object.keys(filterEnvironment(source, { profile: "read-only" })).sort()).toEqual([
    "ANTHROPIC_API_KEY",
    "CLAUDE_CONFIG_DIR",
    "HOME",
    "LC_ALL",
    "PATH",
    "https_proxy",
  ]);
});

test("write: plus toolchain locations and the configured names; never OpenAI's or Codex's", () => {
  const env = filterEnvironment(source, { profile: "write", pass: ["NPM_*", "OPENAI_API_KEY", "*"] });
  expect(env.JAVA_HOME).toBe("/jdk");
  expect(env.NPM_TOKEN).toBe("n");
  expect(env.GITHUB_TOKEN).toBe("g"); // the user asked for everything with "*"
  expect(env.OPENAI_API_KEY).toBeUndefined();
  expect(env.CODEX_API_KEY).toBeUndefined();
  expect(env.CODEX_HOME).toBeUndefined();
});

test("Bedrock brings AWS credentials along, only when Claude is switched to it", () => {
  expect(filterEnvironment(source, { profile: "read-only" }).AWS_SECRET_ACCESS_KEY).toBeUndefined();
  expect(filterEnvironment({ ...source, CLAUDE_CODE_USE_BEDROCK: "1" }, { profile: "read-only" }).AWS_SECRET_ACCESS_KEY).toBe("s");
});

test("the worker keeps cc's own settings but never another run's marker", () => {
  const env = workerEnvironment(source, { profile: "read-only" });
  expect(env.CC_DATA_DIR).toBe("/d");
  expect(env.CODEX_HOME).toBe("/h/.codex");
  expect(env.CC_RUN_MARKER).toBeUndefined();
  expect(env.OPENAI_API_KEY).toBeUndefined();
});

test("config: passEnvironment rejects OpenAI's and Codex's names and malformed entries", () => {
  expect(configSchema.safeParse({ passEnvironment: ["NPM_TOKEN", "MYCO_*"] }).success).toBe(true);
  expect(configSchema.safeParse({ passEnvironment: ["OPENAI_API_KEY"] }).success).toBe(false);
  expect(configSchema.safeParse({ passEnvironment: ["CODEX_*"] }).success).toBe(false);
  expect(configSchema.safeParse({ passEnvironment: ["A B"] }).success).toBe(false);
});
