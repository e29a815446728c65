/**
 * Every git cc runs goes through src/lib/git.ts, which adds the overrides that keep a repository's
 * own programs (hooks, fsmonitor, filters, textconv, external diffs) from running (issue 22, item 1:
 * the gate's plain `git diff` ran them). Checked over the real src/ with the TypeScript parser, and
 * over a small tree that adds each spelling of a plain git spawn, so the check itself can fail.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import ts from "typescript";
import { repoRoot } from "../support/bins.ts";

/** The one file allowed to start git. */
const ENTRY_POINT = "src/lib/git.ts";
/** Functions that start a process (node:child_process, Bun, Bun's shell). */
const SPAWNERS = new Set(["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork", "$"]);
/** A string that names the git program itself: `git`, `git.exe`, `/usr/bin/git`. */
const GIT_PROGRAM = /^(?:.*[/\\])?git(?:\.exe)?$/i;
/** git as a command inside a string handed to a spawner: `sh -c "cd x && git diff"`. */
const GIT_COMMAND = /(?:^|[\s;&|(`'"])git(?:\.exe)?(?:\s|$)/i;

const calleeName = (e: ts.Expression): string | null => (ts.isIdentifier(e) ? e.text : ts.isPropertyAccessExpression(e) ? e.name.text : null);
const isText = (n: ts.Node): n is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateLiteralLikeNode =>
  ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n);

/** Every place in one file that names the git program or hands git to a spawner, as `file:line why`. */
function plainGitSpawns(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const report = (n: ts.Node, why: string) => found.push(`${file}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1} ${why}`);
  const textsIn = (n: ts.Node, out: ts.Node[] = []): ts.Node[] => {
    if (isText(n)) out.push(n);
    n.forEachChild((c) => void textsIn(c, out));
    return out;
  };
  const visit = (n: ts.Node): void => {
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && GIT_PROGRAM.test(n.text.trim())) report(n, `names the git program ("${n.text}")`);
    const spawned = ts.isCallExpression(n)
      ? { callee: n.expression, parts: n.arguments.flatMap((a) => textsIn(a)) }
      : ts.isTaggedTemplateExpression(n)
        ? { callee: n.tag, parts: textsIn(n.template) }
        : null;
    if (spawned && SPAWNERS.has(calleeName(spawned.callee) ?? "")) {
      for (const part of spawned.parts) {
        const text = (part as ts.LiteralLikeNode).text;
        if (GIT_COMMAND.test(text) && !GIT_PROGRAM.test(text.trim())) report(part, `runs git through ${calleeName(spawned.callee)}()`);
      }
    }
    n.forEachChild(visit);
  };
  visit(sf);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.(?:[cm]?[jt]s|tsx)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Every plain git spawn under `root`/src, outside the entry point. */
function scan(root: string): string[] {
  return sourceFiles(join(root, "src"))
    .map((path) => relative(root, path).split("\\").join("/"))
    .filter((file) => file !== ENTRY_POINT)
    .flatMap((file) => plainGitSpawns(file, readFileSync(join(root, file), "utf8")));
}

const scratch = mkdtempSync(join(tmpdir(), "cc-git-spawns-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("every git goes through src/lib/git.ts", () => {
  test("src/ starts git nowhere else", () => {
    expect(scan(repoRoot)).toEqual([]);
  });

  test("the check fires on a tree that adds a plain git spawn, in each spelling", () => {
    const files: Record<string, string> = {
      "src/lib/git.ts": 'export const run = () => Bun.spawnSync(["git", "status"]);\n', // the entry point may
      "src/gate/baseline.ts": 'export const d = () => Bun.spawn(["git", "diff", "a", "b"], { cwd: "." });\n',
      "src/lib/workspace.ts": 'import { spawnSync } from "node:child_process";\nexport const t = () => spawnSync("git", ["rev-parse"]);\n',
      "src/review/named.ts": 'const GIT = "/usr/bin/git";\nexport const g = () => Bun.spawnSync([GIT, "log"]);\n',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a fixture file
      "src/rescue/shell.ts": 'import { execSync } from "node:child_process";\nexport const s = (ref: string) => execSync(`git show ${ref}`);\n',
      "src/codex/dollar.ts": "export const d = () => Bun.$`git status --short`;\n",
      "src/jobs/sh.ts": 'export const h = () => Bun.spawnSync(["sh", "-c", "cd /tmp && git gc"]);\n',
      // Words about git, in messages and paths, are not spawns.
      "src/review/message.ts":
        'export const m = (a: string) => "`git diff` failed: " + a;\nexport const p = (h: string) => [h, ".config", "git/ignore"].join("/");\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    }
    expect(scan(scratch).sort()).toEqual(
      [
        "src/codex/dollar.ts:1 runs git through $()",
        'src/gate/baseline.ts:1 names the git program ("git")',
        "src/jobs/sh.ts:1 runs git through spawnSync()",
        'src/lib/workspace.ts:2 names the git program ("git")',
        "src/rescue/shell.ts:2 runs git through execSync()",
        'src/review/named.ts:1 names the git program ("/usr/bin/git")',
      ].sort(),
    );
  });
});
