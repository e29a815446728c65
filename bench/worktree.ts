/**
 * What a worktree adds to a rescue launch, on this repository (its tracked files) and on a generated
 * 20,000-file repository, next to the bare git commands it could be built on, alone, in the same run:
 * `git clone --shared` (what cc's checkout is: its own .git borrowing the user's objects) and
 * `git worktree add` (rejected: it shares the user's refs). The snapshot is not counted: an in-place
 * write rescue takes it too. Then `cc apply` of a 1,000-file change (three-way merge + writing the
 * files), and `--check` alone. In-process, no Claude.
 *
 * Every checkout is kept until the end of the run, and the three take turns going first. On ext4
 * without a journal (this machine's disk), the inode allocator skips every inode freed in the last
 * 60 s (6 min while unflushed), one inode-table read each, for every file it creates: a checkout
 * made right after 20,000 files were deleted pays for the deletion (up to 5x here). The bench once
 * deleted each round's three checkouts just before cc's next one, so cc paid for the bench's own
 * cleanup and the clone mostly did not: 1.89x on a quiet machine, 1.06x on a busy one. That case
 * is real (a discarded worktree, then the next rescue): a last table measures it for both, each
 * right after a deletion of its own kind.
 * Run: `bun run bench:worktree` (BENCH_RUNS=5 by default).
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { applyWorktree, checkApply } from "../src/rescue/apply.ts";
import { deleteSnapshot, recordSnapshot } from "../src/rescue/snapshot.ts";
import { undoSnapshot } from "../src/rescue/undo.ts";
import { collectWorktree, createWorktree, DEFAULT_SHARED, removeWorktree } from "../src/rescue/worktree.ts";
import { git } from "../test/support/git.ts";
import { Sandbox } from "../test/support/sandbox.ts";
import { thisRepository, twentyThousandFiles } from "./fixtures.ts";
import { fmtMs, printTable, stats } from "./lib.ts";

const runs = Number(process.env.BENCH_RUNS ?? 5);
const sb = new Sandbox({ repo: false });
process.env.CC_DATA_DIR = sb.dataDir;

const time = (fn: () => void): number => {
  const began = performance.now();
  fn();
  return performance.now() - began;
};
const med = (xs: number[]) => stats(xs).median;
let n = 0;
const jobId = () => `rescue-bench${(n++).toString(36)}`;

const launchRows: (string | number)[][] = [];
let applyRow: (string | number)[] | null = null;
let discardRow: (string | number)[] | null = null;
try {
  for (const [label, make] of [
    ["this repository", thisRepository],
    ["20,000 files", twentyThousandFiles],
  ] as const) {
    const slug = label.replace(/\W+/g, "-");
    const repo = make(join(sb.root, slug));
    const files = git(repo, "ls-files").split("\n").filter(Boolean).length;
    const snapshot = recordSnapshot(repo);
    const ours: number[] = [];
    const clone: number[] = [];
    const linked: number[] = [];
    // The first round warms the caches and is not counted. Nothing is deleted until the end (see above).
    for (let i = -1; i < runs; i++) {
      const measure = [
        () => ours.push(time(() => createWorktree({ jobId: jobId(), userCwd: repo, userRoot: repo, snapshot, share: DEFAULT_SHARED }))),
        () => clone.push(time(() => git(sb.root, "clone", "-q", "--shared", repo, join(sb.root, `${slug}-clone-${i}`)))),
        () => linked.push(time(() => git(repo, "worktree", "add", "-q", "--detach", join(sb.root, `${slug}-linked-${i}`)))),
      ];
      for (let k = 0; k < measure.length; k++) measure[(k + i + 1) % measure.length]!();
      if (i < 0) for (const xs of [ours, clone, linked]) xs.length = 0;
    }
    deleteSnapshot(repo, snapshot.id);
    launchRows.push([`${label} (${files} files)`, fmtMs(med(ours)), fmtMs(med(clone)), fmtMs(med(linked)), (med(ours) / med(clone)).toFixed(2)]);
    // Each row as soon as it is measured: the 20,000-file round takes minutes on a busy machine.
    console.error(`measured: ${launchRows.at(-1)!.join(" | ")}`);

    if (label !== "20,000 files") continue;
    // A 1,000-file change in the checkout, and one file of the user's own edited meanwhile.
    const base = recordSnapshot(repo);
    const id = jobId();
    const info = createWorktree({ jobId: id, userCwd: repo, userRoot: repo, snapshot: base, share: [] });
    for (let f = 0; f < 1000; f++) writeFileSync(join(info.path, `pkg${Math.floor(f / 100)}`, `file${f % 100}.ts`), `export const changed${f} = true;\n`);
    collectWorktree(id, info, base.state.headCommit);
    writeFileSync(join(repo, "README.md"), "the user's edit\n");
    const target = { jobId: id, worktree: info, baseTree: base.state.worktree!, baseCommit: base.state.headCommit };
    const checks: number[] = [];
    const applies: number[] = [];
    for (let i = 0; i < runs; i++) {
      checks.push(time(() => checkApply(target, repo)));
      let outcome: ReturnType<typeof applyWorktree> | null = null;
      applies.push(time(() => (outcome = applyWorktree(target, repo, { markers: false }))));
      const done = outcome as ReturnType<typeof applyWorktree> | null;
      if (done?.kind !== "applied") throw new Error(`apply did not apply: ${done?.kind}`);
      undoSnapshot(repo, done.snapshot, done.after, "bench");
    }
    applyRow = [`1,000 changed files of ${files}`, fmtMs(med(checks)), fmtMs(med(applies))];

    // What a person pays who discards a worktree and starts the next rescue: each launch right after
    // a checkout of its own kind was deleted beside it (cc's discard; `rm -rf` of a clone), taking
    // turns going first. Measured last: every deletion here weighs on what follows it.
    const clones = join(sb.root, "clones");
    mkdirSync(clones);
    const afterOurs: number[] = [];
    const afterClone: number[] = [];
    for (let i = 0; i < runs; i++) {
      const measure = [
        () => {
          const victim = jobId();
          removeWorktree(victim, createWorktree({ jobId: victim, userCwd: repo, userRoot: repo, snapshot: base, share: [] }));
          afterOurs.push(time(() => createWorktree({ jobId: jobId(), userCwd: repo, userRoot: repo, snapshot: base, share: DEFAULT_SHARED })));
        },
        () => {
          git(clones, "clone", "-q", "--shared", repo, "victim");
          rmSync(join(clones, "victim"), { recursive: true, force: true });
          afterClone.push(time(() => git(clones, "clone", "-q", "--shared", repo, `after-${i}`)));
        },
      ];
      for (let k = 0; k < measure.length; k++) measure[(k + i) % measure.length]!();
    }
    discardRow = [`${label} (${files} files)`, fmtMs(med(afterOurs)), fmtMs(med(afterClone)), (med(afterOurs) / med(afterClone)).toFixed(2)];
    console.error(`measured after a discard: ${discardRow.join(" | ")}`);
  }
} finally {
  sb.cleanup();
}
console.log(`Worktree launch, median of ${runs} runs (ms, wall); cc's checkout from the launch snapshot vs the bare git commands alone\n`);
printTable(["repository", "cc worktree (checkout from snapshot)", "git clone --shared alone", "git worktree add alone", "cc / clone"], launchRows);
console.log(`\ncc apply, median of ${runs} runs (ms, wall)\n`);
if (applyRow) printTable(["change", "apply --check", "apply (snapshot + merge + write)"], [applyRow]);
console.log(`\nWorktree launch right after a discarded checkout was deleted beside it, median of ${runs} runs (ms, wall)\n`);
if (discardRow) printTable(["repository", "cc worktree, after cc discard", "git clone --shared, after rm -rf of a clone", "cc / clone"], [discardRow]);
