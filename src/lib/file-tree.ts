/** Small file-tree helpers for laying out the marketplace and comparing installed copies. */
import { existsSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { makeDirs } from "./private-dir.ts";

/** Relative path (always `/`) → text, for every file under `dir`; {} when it does not exist. */
function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[relative(dir, full).split(sep).join("/")] = readFileSync(full, "utf8");
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export function treeEquals(dir: string, files: Record<string, string>): boolean {
  const onDisk = readTree(dir);
  const keys = Object.keys(files);
  return keys.length === Object.keys(onDisk).length && keys.every((k) => onDisk[k] === files[k]);
}

function writeTree(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, ...rel.split("/"));
    makeDirs(dirname(path));
    writeFileSync(path, content, { mode: 0o644 }); // not 0666 under umask 000
  }
}

/**
 * Replace `target` with a fresh tree: build it beside the target, then swap with two renames, so
 * the old tree stays whole until the new one is complete.
 */
export function replaceTree(target: string, files: Record<string, string>): void {
  const staging = `${target}.new-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  writeTree(staging, files);
  if (existsSync(target)) renameSync(target, old);
  renameSync(staging, target);
  rmSync(old, { recursive: true, force: true });
}

/** Same bytes? Sizes first, so the usual "different build" case reads nothing. */
export function sameFile(a: string, b: string): boolean {
  try {
    if (statSync(a).size !== statSync(b).size) return false;
    return readFileSync(a).equals(readFileSync(b));
  } catch {
    return false;
  }
}

/** Remove `dir` and then its parents up to (not including) `stop`, each only while empty (missing ones are skipped). */
export function removeEmptyDirs(dir: string, stop: string): void {
  let current = dir;
  while (current.startsWith(stop + sep)) {
    try {
      if (existsSync(current)) {
        if (readdirSync(current).length > 0) return;
        rmdirSync(current);
      }
    } catch {
      return;
    }
    current = dirname(current);
  }
}

/** Remove the files of `dir` whose name `doomed` picks; a missing dir, or a file in use, is skipped. */
export function removeFilesWhere(dir: string, doomed: (name: string) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!doomed(name)) continue;
    try {
      rmSync(join(dir, name), { force: true });
    } catch {
      /* still in use (a running cc.exe): next time */
    }
  }
}
