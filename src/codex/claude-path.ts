/**
 * `cc install` runs in the user's terminal, with the user's PATH; the commands Codex runs may go
 * through a login shell that resets PATH (a claude in ~/.npm-global/bin or an nvm directory is then
 * not found). So install remembers where claude is, and `cc setup` re-checks it.
 */
import { existsSync, rmSync } from "node:fs";
import { findClaude, INSTALL_COMMAND } from "../claude/locate.ts";
import { readConfig, updateConfig } from "../lib/config.ts";
import { isExecutableFile } from "../lib/executables.ts";
import { configPath } from "../lib/paths.ts";

type Env = Record<string, string | undefined>;

/** Find claude as this terminal does and remember it; the line `cc install` prints about it. */
export function rememberClaude(env: Env): string {
  let found: ReturnType<typeof findClaude>;
  try {
    // Ignore what is already remembered: this terminal's view is the fresh one.
    found = findClaude({ env, claudePath: readConfig(configPath(env)).claudePath, rememberedPath: undefined });
  } catch {
    return `- claude not found from this terminal; install it (${INSTALL_COMMAND}), then run install again so Codex's login shells find it too`;
  }
  if (found.source === "config") return `✓ claude ${found.path} (claudePath in ${configPath(env)})`;
  const before = readConfig(configPath(env)).rememberedClaudePath;
  if (before === found.path) return `✓ claude ${found.path} (remembered, unchanged)`;
  updateConfig({ rememberedClaudePath: found.path }, configPath(env));
  return `✓ claude ${found.path} (remembered, so Codex finds it even where a login shell resets PATH)`;
}

/** For `cc setup`: a remembered claude that is gone since install, or null. */
export function staleRememberedClaude(env: Env): string | null {
  const remembered = readConfig(configPath(env)).rememberedClaudePath;
  return remembered && !isExecutableFile(remembered) ? remembered : null;
}

/** For `cc uninstall`: drop what install remembered (and the config file, when that was all it held). */
export function forgetClaude(env: Env): void {
  const path = configPath(env);
  if (!existsSync(path) || readConfig(path).rememberedClaudePath === undefined) return;
  const next = updateConfig({ rememberedClaudePath: undefined }, path);
  if (Object.values(next).every((v) => v === undefined)) rmSync(path, { force: true });
}
