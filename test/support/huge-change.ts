/**
 * A repository with a huge uncommitted change: thousands of committed files, every line of each
 * rewritten, plus untracked files. Shared by the review tests and bench/review-context.ts.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { git, initRepo } from "./git.ts";

export interface HugeChangeOptions {
  /** Committed files, each rewritten entirely (default 3000). */
  files?: number;
  /** Lines per file (default 60, about 60 bytes each). */
  lines?: number;
  /** Untracked text files added next to them (default 200). */
  untracked?: number;
}

export interface HugeChange {
  repo: string;
  files: number;
  untracked: number;
  /** Bytes of working-tree content rewritten (the diff is roughly twice this plus headers). */
  rewrittenBytes: number;
}

function content(file: number, lines: number, version: string): string {
  const out: string[] = [];
  for (let l = 0; l < lines; l++) out.push(`export const value_${file}_${l} = "${version}-${(file * 7919 + l * 104729).toString(36)}-${"x".repeat(20)}";`);
  return `${out.join("\n")}\n`;
}

const pathOf = (i: number) => join(`pkg${String(i % 40).padStart(2, "0")}`, `module_${i}.ts`);

export function createHugeChange(dir: string, opts: HugeChangeOptions = {}): HugeChange {
  const files = opts.files ?? 3000;
  const lines = opts.lines ?? 60;
  const untracked = opts.untracked ?? 200;
  initRepo(dir, { "README.md": "# huge\n" });
  for (let d = 0; d < 40; d++) mkdirSync(join(dir, `pkg${String(d).padStart(2, "0")}`), { recursive: true });
  for (let i = 0; i < files; i++) writeFileSync(join(dir, pathOf(i)), content(i, lines, "old"));
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "many files");
  let rewrittenBytes = 0;
  for (let i = 0; i < files; i++) {
    const next = content(i, lines, "new");
    rewrittenBytes += next.length;
    writeFileSync(join(dir, pathOf(i)), next);
  }
  mkdirSync(join(dir, "fresh"), { recursive: true });
  for (let i = 0; i < untracked; i++) writeFileSync(join(dir, "fresh", `note_${i}.md`), `# note ${i}\n${"words ".repeat(100)}\n`);
  return { repo: dir, files, untracked, rewrittenBytes };
}
