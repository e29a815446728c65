/** Where the real programs under test live. */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dir, "../..");
const binDir = join(repoRoot, "node_modules/.bin");

/**
 * The pinned dev dependencies by default; CC_TEST_CLAUDE_BIN / CC_TEST_CODEX_BIN run the same tests
 * against another version (CI runs them on the oldest supported Codex as well as the pinned one).
 */
export const claudeBin = process.env.CC_TEST_CLAUDE_BIN || join(binDir, "claude");
export const codexBin = process.env.CC_TEST_CODEX_BIN || join(binDir, "codex");
export const bunBin = process.execPath;

/** The compiled cc (end-to-end tests use the real artefact, not the sources). */
export function ccBinary(): string {
  const path = process.env.CC_TEST_BINARY ?? join(repoRoot, "dist", process.platform === "win32" ? "cc.exe" : "cc");
  if (!existsSync(path)) throw new Error(`${path} does not exist: run \`bun run build\` before the end-to-end tests`);
  return path;
}

/** cc from source, for integration tests that do not need the compiled binary. */
export const ccFromSource = [bunBin, join(repoRoot, "src/cli.ts")];

/** A PATH with the system tools, node (codex's launcher needs it) and nothing of the developer's own. */
export function basePath(extra: string[] = []): string {
  return [...extra, dirname(process.execPath), dirname(Bun.which("node") ?? "/usr/bin/node"), "/usr/local/bin", "/usr/bin", "/bin"].join(":");
}
