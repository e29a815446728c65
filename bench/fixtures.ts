/** Repositories the benches measure on: a copy of this repository's tracked files, and 20,000 small files. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { git } from "../test/support/git.ts";

const root = resolve(import.meta.dir, "..");

function commitAll(repo: string): void {
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "bench fixture");
}

export function thisRepository(dir: string): string {
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  const tar = Bun.spawnSync(["sh", "-c", `git -C '${root}' archive HEAD | tar -x -C '${dir}'`]);
  if (tar.exitCode !== 0) throw new Error(tar.stderr.toString());
  commitAll(dir);
  return dir;
}

export function twentyThousandFiles(dir: string): string {
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  for (let d = 0; d < 200; d++) {
    mkdirSync(join(dir, `pkg${d}`));
    for (let f = 0; f < 100; f++) writeFileSync(join(dir, `pkg${d}`, `file${f}.ts`), `export const v${d}_${f} = ${d * 100 + f};\n`);
  }
  writeFileSync(join(dir, "README.md"), "fixture\n");
  commitAll(dir);
  return dir;
}
