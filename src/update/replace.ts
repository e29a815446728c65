/**
 * Swapping an installed cc for a new one so that, at every instant, the path holds a whole working
 * binary: the new bytes are written beside the target (same directory, so the rename never crosses
 * a filesystem), checked to run, then renamed over it. Windows cannot overwrite a running .exe but
 * can rename it, so there the old one steps aside to `<name>.old` first.
 */

import { chmodSync, closeSync, copyFileSync, existsSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { CcError } from "../lib/errors.ts";
import { removeFilesWhere } from "../lib/file-tree.ts";

const isWindows = process.platform === "win32";
const LOCK_STALE_MS = 30 * 60_000;
/** Staged copies, renamed-aside old ones, and partial downloads of earlier (maybe killed) updates. */
const STAGED = /^\.cc(\.exe)?\.\d+\.new$|^cc(\.exe)?(\.\d+)?\.old$|\.\d+\.part$/;

const stagedPath = (target: string) => join(dirname(target), `.${basename(target)}.${process.pid}.new`);

/** Leftovers of earlier updates in `dir` (called while holding the update lock, or after our own). */
export function removeLeftovers(dir: string): void {
  removeFilesWhere(dir, (name) => STAGED.test(name));
}

const versionOutput = z.object({ version: z.string(), target: z.string() }).passthrough();

/** Run `<binary> version --json` and insist it is the version we meant to install. */
export function assertRuns(binary: string, expectedVersion: string): void {
  const r = Bun.spawnSync([binary, "version", "--json"], { stdin: "ignore", stdout: "pipe", stderr: "pipe", timeout: 20_000 });
  let parsed: z.infer<typeof versionOutput> | null = null;
  try {
    parsed = versionOutput.parse(JSON.parse(r.stdout.toString()));
  } catch {
    parsed = null;
  }
  if (r.exitCode !== 0 || !parsed) {
    throw new CcError(`the downloaded cc does not run here (exit ${r.exitCode ?? r.signalCode}): ${r.stderr.toString().trim().split("\n")[0] ?? ""}`, {
      hint: "Nothing was replaced. Report it, or install another build with install.sh --target.",
    });
  }
  if (parsed.version !== expectedVersion)
    throw new CcError(`the downloaded cc says it is ${parsed.version}, not ${expectedVersion}`, {
      hint: "Nothing was replaced. The release is inconsistent; report it.",
    });
}

/** Copy the executable at `from` as the staged copy beside `target` (mode 0755) and return its path. */
export function stage(target: string, from: string): string {
  const staged = stagedPath(target);
  copyFileSync(from, staged);
  chmodSync(staged, 0o755);
  return staged;
}

/** Move a staged copy over `target`. */
export function swapIn(staged: string, target: string): void {
  if (!isWindows || !existsSync(target)) {
    renameSync(staged, target);
    return;
  }
  const aside = `${target}.${process.pid}.old`;
  renameSync(target, aside);
  try {
    renameSync(staged, target);
  } catch (error) {
    renameSync(aside, target);
    throw error;
  }
  try {
    rmSync(aside, { force: true });
  } catch {
    /* Windows refuses while that old cc.exe still runs (this process): removeLeftovers gets it next time */
  }
}

/** One `cc update` at a time per data dir: an exclusive lock file holding the owner's pid. */
export function takeLock(path: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(path, "utf8").trim());
      // Our own pid means a dead owner whose pid was reused (Wine reuses them at once); a lock
      // older than LOCK_STALE_MS outlived any real download.
      const fresh = Date.now() - statSync(path).mtimeMs < LOCK_STALE_MS;
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && fresh && isAlive(owner)) {
        throw new CcError(`another cc update is running (pid ${owner})`, { hint: `Wait for it to finish; if no cc update runs, delete ${path}.` });
      }
      rmSync(path, { force: true }); // its owner died half-way
    }
  }
  throw new CcError(`could not take the update lock ${path}`, { hint: `Delete ${path} and try again.` });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
