/**
 * Everything of a repository a user could lose, as one comparable value: every file of the working
 * tree (untracked included) byte for byte with its mode, the index, HEAD, branches, tags and every
 * stash entry. cc's own refs (refs/cc/…) are left out: they are the snapshot itself.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { git, writeFiles } from "./git.ts";

function walk(root: string, dir: string, out: Record<string, string>): void {
  for (const name of readdirSync(join(root, dir)).sort()) {
    if (dir === "" && name === ".git") continue;
    const rel = dir ? `${dir}/${name}` : name;
    const st = lstatSync(join(root, rel));
    if (st.isDirectory()) walk(root, rel, out);
    else if (st.isSymbolicLink()) out[rel] = `link:${readlinkSync(join(root, rel))}`;
    else out[rel] = `${(st.mode & 0o777).toString(8)}:${readFileSync(join(root, rel)).toString("base64")}`;
  }
}

export function repoFingerprint(repo: string) {
  const files: Record<string, string> = {};
  walk(repo, "", files);
  const tryGit = (...args: string[]) => {
    try {
      return git(repo, ...args).trim();
    } catch {
      return "(none)";
    }
  };
  return {
    files,
    index: tryGit("ls-files", "-s"),
    head: `${tryGit("symbolic-ref", "-q", "HEAD")} ${tryGit("rev-parse", "HEAD")}`,
    refs: tryGit("for-each-ref", "--format=%(objectname) %(refname)", "refs/heads", "refs/tags"),
    stash: tryGit("log", "-g", "--format=%H %gs", "refs/stash"),
  };
}

/** Ref list of a bare repository (a remote). */
export const remoteRefs = (remote: string) => git(remote, "for-each-ref", "--format=%(objectname) %(refname)");

/**
 * A repository with history and work in every place a rescue could destroy: two commits, branches
 * `side` and `feature`, an annotated tag, two stash entries, a staged change, an unstaged change,
 * untracked files in a new directory; pushed to a bare remote `origin` outside the workspace.
 */
export function richRepo(repo: string, remote: string): void {
  writeFiles(repo, { "src/app.ts": "export const answer = 42;\n", "b.txt": "b\n" });
  git(repo, "add", "-A");
  git(repo, "commit", "-qm", "second");
  git(repo, "branch", "side");
  git(repo, "branch", "feature", "HEAD~1");
  git(repo, "tag", "-a", "v1", "-m", "release one");
  git(repo, "init", "-q", "--bare", remote);
  git(repo, "remote", "add", "origin", remote);
  git(repo, "push", "-q", "origin", "main", "side", "v1");
  writeFiles(repo, { "a.txt": "stash one\n" });
  git(repo, "stash", "-q");
  writeFiles(repo, { "b.txt": "stash two\n" });
  git(repo, "stash", "-q");
  writeFiles(repo, { "src/app.ts": "export const answer = 43;\n" });
  git(repo, "add", "src/app.ts");
  writeFiles(repo, { "a.txt": "hello, unstaged\n", "notes.txt": "untracked notes\n", "scratch/deep/x.bin": new Uint8Array([0, 1, 2, 255, 10, 13, 10]) });
}
