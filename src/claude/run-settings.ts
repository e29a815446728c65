/**
 * The `--settings` of one claude run, as a file of its own. Given the JSON itself, claude keeps it in
 * `$TMPDIR/claude-<uid>/claude-settings-<hash of the content>.json` and binds that file into each
 * sandboxed command: two runs with the same settings (two worktree rescues or two reviews of one
 * repository at once) share the file, one run's cleanup removes it while the other's command starts,
 * and that command fails (`bwrap: Can't find source path …`): measured with claude 2.1, a rescue
 * lost its edit and still "completed" (test/integration/claude-concurrent-sandbox.test.ts). A
 * private file per run, removed once claude has exited, cannot be taken away from it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RunSettingsFile {
  path: string;
  /** Delete it: only once claude has exited. */
  remove(): void;
}

export function writeRunSettings(settings: Record<string, unknown>): RunSettingsFile {
  // mkdtemp makes the directory 0700: the file names what the run may write and reach.
  const dir = mkdtempSync(join(tmpdir(), "cc-claude-settings-"));
  const path = join(dir, "settings.json");
  try {
    writeFileSync(path, JSON.stringify(settings), { mode: 0o600 });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
