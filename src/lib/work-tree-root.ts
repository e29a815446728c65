/**
 * The workspace root (`git rev-parse --show-toplevel`, src/lib/workspace.ts) found without running
 * git, for `cc status`'s quick road: a git process costs more than the whole rest of that command.
 * Walking up from cwd, the first directory that holds a `.git` directory with a HEAD, or a `.git`
 * file naming such a directory (`gitdir: …`: a linked worktree or a submodule), is the top level;
 * no repository up to the root means the workspace is cwd itself. That is git's own discovery in
 * every ordinary layout. Wherever git's answer could differ, the answer is `undefined` ("ask git"):
 * GIT_DIR and the other variables that steer discovery, a directory that is itself a repository
 * (bare, or cwd inside `.git`), a mount point crossed, someone else's repository (git refuses it),
 * a repository config that moves or removes the work tree.
 * Bun's own file calls, not node:fs (5 MiB on this path, bench/README.md); no regular expressions
 * (the first one costs a process 1–2 MiB).
 */
import { joinPath, parentDir } from "./path-text.ts";

type Env = Record<string, string | undefined>;

/** Variables with which git finds (or is told) another repository, or reads config cc cannot see here. */
const STEERING = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_COMMON_DIR",
  "GIT_CEILING_DIRECTORIES",
  "GIT_DISCOVERY_ACROSS_FILESYSTEM",
  "GIT_CONFIG_PARAMETERS",
  "GIT_CONFIG_COUNT",
];

const stat = (path: string) =>
  Bun.file(path)
    .stat()
    .catch(() => null);

/** A git directory as git recognises one, cheaply: it has a HEAD. */
const isGitDir = async (dir: string) => (await stat(joinPath(dir, "HEAD")))?.isFile() === true;

/** `core.worktree` or `core.bare = true` (or an include that may set them) in a repository's config text. */
function configMovesWorkTree(text: string): boolean {
  for (const raw of text.toLowerCase().split("\n")) {
    const line = raw.trim();
    if (line.startsWith("worktree") || line.startsWith("[include") || (line.startsWith("bare") && line.includes("true"))) return true;
  }
  return false;
}

/** The directory a `.git` file points at, when it holds `gitdir: <dir>` and that is a git directory. */
async function linkedGitDir(dotGit: string, dir: string): Promise<string | null> {
  const text = await Bun.file(dotGit)
    .text()
    .catch(() => "");
  if (!text.startsWith("gitdir: ")) return null;
  const named = text.slice(8).trim();
  const target = named.startsWith("/") ? named : joinPath(dir, named);
  return (await isGitDir(target)) ? target : null;
}

/**
 * The top level of cwd's work tree; `null` outside any repository (git would fail: the workspace
 * is cwd); `undefined` when only git can say. `cwd` is absolute and real (as process.cwd() is).
 */
export async function findWorkTreeRoot(cwd: string, env: Env = process.env): Promise<string | null | undefined> {
  if (process.platform === "win32") return undefined;
  for (const name of STEERING) if (env[name] !== undefined) return undefined; // not `some`: see jobs/statuses.ts sqlStatuses
  const uid = process.getuid?.();
  let device: number | undefined;
  for (let dir = cwd; ; dir = parentDir(dir)) {
    // One round of file calls per level: what a `.git` directory here would hold is asked at once.
    const gitDir = joinPath(dir, ".git");
    const [here, dotGit, head, config] = await Promise.all([
      stat(dir),
      stat(gitDir),
      stat(joinPath(gitDir, "HEAD")),
      Bun.file(joinPath(gitDir, "config"))
        .text()
        .catch(() => ""),
    ]);
    if (!here?.isDirectory()) return undefined;
    device ??= here.dev;
    // git does not look past a mount point either (unless told to, see STEERING): not a repository.
    if (here.dev !== device) return null;
    if (dotGit?.isDirectory()) return head?.isFile() && !configMovesWorkTree(config) && here.uid === uid && dotGit.uid === uid ? dir : undefined;
    if (dotGit?.isFile()) return here.uid === uid && (await linkedGitDir(gitDir, dir)) ? dir : undefined;
    if (dotGit || (await isGitDir(dir))) return undefined;
    if (dir === "/") return null;
  }
}
