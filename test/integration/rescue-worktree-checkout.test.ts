/**
 * Issue 26: a worktree's checkout gets cc's overrides like any git cc runs: a smudge filter the
 * user's own config names (git-lfs installs one globally) runs nothing; and the checkout's files are
 * the launch snapshot byte for byte: HEAD, the staged change, the unstaged change, the untracked
 * file. In-process from source, no Claude.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deleteSnapshot, recordSnapshot } from "../../src/rescue/snapshot.ts";
import { createWorktree, removeWorktree } from "../../src/rescue/worktree.ts";
import { git, writeFiles } from "../support/git.ts";
import { Sandbox } from "../support/sandbox.ts";

let sb: Sandbox;
let markers: string;
let trace: string;
const saved = { ...process.env };

beforeAll(() => {
  const files: Record<string, string> = { ".gitattributes": "dir0/** filter=evil\n" };
  for (let d = 0; d < 3; d++) for (let f = 0; f < 70; f++) files[`dir${d}/file${f}.txt`] = `file ${d}/${f}\n`;
  sb = new Sandbox({ repo: files });
  markers = join(sb.root, "markers");
  mkdirSync(markers);
  trace = join(sb.root, "git-trace.txt");
  // The user's global config names the filter (written after the commit: the test's own git ignores it).
  const globalConfig = join(sb.home, ".gitconfig");
  // Quoted: an unquoted `;` starts a comment in a config file. No `process` command: git would
  // take it over smudge, and its override alone would hide a missing one for smudge.
  const touch = (name: string) => `"sh -c 'touch ${markers}/${name}; cat' --"`;
  writeFileSync(globalConfig, `[filter "evil"]\n\tsmudge = ${touch("smudge")}\n\tclean = ${touch("clean")}\n\trequired = true\n`);
  Object.assign(process.env, { CC_DATA_DIR: sb.dataDir, GIT_CONFIG_GLOBAL: globalConfig, GIT_CONFIG_NOSYSTEM: "1", GIT_TRACE: trace });
});
afterAll(() => {
  for (const key of ["CC_DATA_DIR", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "GIT_TRACE"]) delete process.env[key];
  Object.assign(process.env, saved);
  sb.cleanup();
});

/** Every file under `root` but `.git`, as path → bytes (hex). */
function filesOf(root: string, dir = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (rel === ".git") continue;
    if (e.isDirectory()) Object.assign(out, filesOf(root, rel));
    else out[rel] = readFileSync(join(root, rel)).toString("hex");
  }
  return out;
}

test("the checkout runs none of the user's filter programs and is the launch snapshot", () => {
  writeFiles(sb.repo, { "dir0/file1.txt": "staged\n", "dir1/file2.txt": "unstaged\n", "untracked.txt": "untracked\n" });
  git(sb.repo, "add", "dir0/file1.txt");
  const snapshot = recordSnapshot(sb.repo);
  const info = createWorktree({ jobId: "rescue-checkout1", userCwd: sb.repo, userRoot: sb.repo, snapshot, share: [] });
  try {
    // The test's premise: git checked the filtered files out (and would have run the filter).
    expect(readFileSync(trace, "utf8")).toContain("read-tree");
    expect(readdirSync(markers)).toEqual([]);
    expect(filesOf(info.path)).toEqual(filesOf(sb.repo));
    // The staged change is staged there too (the index as the user had it), the others are not.
    const status = (cwd: string) => git(cwd, "-c", "core.hooksPath=/dev/null", "status", "--porcelain");
    expect(status(info.path)).toBe(status(sb.repo));
  } finally {
    removeWorktree("rescue-checkout1", info);
    deleteSnapshot(sb.repo, snapshot.id);
  }
});
