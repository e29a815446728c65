/** The pure pieces behind cc-plugin-codex parity: flag parsing, the watchdog, limits, run mode, the gate setting. */
import { describe, expect, test } from "bun:test";
import { takeCwdFlag } from "../../src/cli-cwd.ts";
import { resumeWord } from "../../src/commands/_resume-arg.ts";
import { DEFAULT_STALL_MS, resolveLimits, TOOL_STALL_MS } from "../../src/jobs/limits.ts";
import type { Job } from "../../src/jobs/types.ts";
import { Watchdog, type WatchdogTrip } from "../../src/jobs/watchdog.ts";
import { formatDuration } from "../../src/lib/duration.ts";
import { reviewGateEnabled, reviewGateSetting } from "../../src/lib/review-gate.ts";
import { watchdogLine } from "../../src/render/status.ts";
import { isSlashCommand, rescuePrompt } from "../../src/rescue/prompt.ts";
import { looksLikeResumeReference } from "../../src/rescue/resume.ts";
import { reviewBackgroundReason } from "../../src/review/run-mode.ts";

describe("--cwd / -C", () => {
  test("is taken out of the arguments before `--`, in every spelling; the last one wins", () => {
    expect(takeCwdFlag(["--cwd", "/a", "x"])).toEqual({ rawArgs: ["x"], cwd: "/a" });
    expect(takeCwdFlag(["-C", "/a", "--cwd=/b", "--json"])).toEqual({ rawArgs: ["--json"], cwd: "/b" });
    expect(takeCwdFlag(["task", "--", "--cwd", "/a"])).toEqual({ rawArgs: ["task", "--", "--cwd", "/a"], cwd: null });
    expect(takeCwdFlag(["fix --cwd handling"])).toEqual({ rawArgs: ["fix --cwd handling"], cwd: null });
    expect(() => takeCwdFlag(["--cwd"])).toThrow('option "--cwd" needs a directory');
    expect(() => takeCwdFlag(["-C", "--json"])).toThrow("needs a directory");
  });
});

describe("the word after --resume", () => {
  const def = { model: { type: "string", alias: "m" }, resume: { type: "boolean" }, json: { type: "boolean" } } as const;
  const word = (args: string[]) => resumeWord(args, def, looksLikeResumeReference);
  test("is an id only when it looks like a rescue id or a UUID", () => {
    expect(word(["--resume", "rescue-2g5pb7", "go on"])).toEqual({ ref: "rescue-2g5pb7", wordIndex: 0, explicit: false });
    expect(word(["-m", "sonnet", "--resume", "7b5a68ab-0c1d-4e2f-8a9b-0123456789ab"])).toEqual({
      ref: "7b5a68ab-0c1d-4e2f-8a9b-0123456789ab",
      wordIndex: 0,
      explicit: false,
    });
    expect(word(["first", "--json", "--resume", "rescue-abc"])).toEqual({ ref: "rescue-abc", wordIndex: 1, explicit: false });
    expect(word(["--resume", "fix", "the", "bug"])).toBeNull();
    expect(word(["--resume", "review-2g5pb7"])).toBeNull();
    expect(word(["--resume", "--", "rescue-2g5pb7"])).toBeNull();
    expect(word(["--resume"])).toBeNull();
  });
  test("--resume=<value> always names one", () => {
    expect(word(["--resume=anything", "text"])).toEqual({ ref: "anything", wordIndex: null, explicit: true });
  });
});

describe("run limits", () => {
  test("flag, then environment, then config, then the defaults; 0 turns a limit off", () => {
    expect(resolveLimits({ env: {} })).toEqual({ stallMs: DEFAULT_STALL_MS, maxMs: null });
    expect(resolveLimits({ env: {}, config: { stallTimeout: "5m", maxRunTime: "2h" } })).toEqual({ stallMs: 300_000, maxMs: 7_200_000 });
    expect(resolveLimits({ env: { CC_STALL_TIMEOUT: "3s", CC_MAX_RUN_TIME: "1m" }, config: { stallTimeout: "5m" } })).toEqual({ stallMs: 3000, maxMs: 60_000 });
    expect(resolveLimits({ maxTime: "90s", env: { CC_MAX_RUN_TIME: "1m" } }).maxMs).toBe(90_000);
    expect(resolveLimits({ env: { CC_STALL_TIMEOUT: "0" } }).stallMs).toBeNull();
    expect(() => resolveLimits({ maxTime: "soon", env: {} })).toThrow('--max-time "soon" is not a duration');
    expect(() => resolveLimits({ env: {}, config: { stallTimeout: "x" } })).toThrow("stallTimeout in config.json");
  });
});

describe("the watchdog", () => {
  const started = 1_000_000;
  const dog = (limits: { stallMs: number | null; maxMs: number | null }) => {
    const trips: WatchdogTrip[] = [];
    const w = new Watchdog(limits, (t) => trips.push(t), started);
    w.stop(); // driven by check() here, not by its timer
    return { w, trips };
  };
  test("trips once after stallMs without an event, and not while events keep coming", () => {
    const { w, trips } = dog({ stallMs: 10_000, maxMs: null });
    expect(w.check(started + 9_000)).toBeNull();
    w.activity(false, started + 9_000);
    expect(w.check(started + 18_000)).toBeNull();
    expect(w.check(started + 19_000)?.errorClass).toBe("stalled");
    w.check(started + 30_000);
    expect(trips).toHaveLength(1);
    expect(trips[0]!.message).toBe("Claude sent nothing for 10s (the stream stalled), so cc stopped the run");
  });
  test("gives a running tool at least TOOL_STALL_MS", () => {
    const { w } = dog({ stallMs: 10_000, maxMs: null });
    w.activity(true, started);
    expect(w.check(started + TOOL_STALL_MS - 1)).toBeNull();
    expect(w.check(started + TOOL_STALL_MS)?.errorClass).toBe("stalled");
  });
  test("the whole-run limit holds even while events flow", () => {
    const { w } = dog({ stallMs: null, maxMs: 60_000 });
    w.activity(false, started + 59_000);
    expect(w.check(started + 59_999)).toBeNull();
    expect(w.check(started + 60_000)).toEqual({
      errorClass: "timed_out",
      message: "the run reached its time limit of 1m (--max-time, or maxRunTime in config.json) and cc stopped it",
    });
  });
  test("the detail line of a running job", () => {
    const job = { status: "running", startedAt: started, progress: { lastEventAt: started + 50_000 } } as unknown as Job;
    expect(watchdogLine(job, { stallMs: 600_000, maxMs: 7_200_000 }, started + 62_000)).toBe(
      "stops after 10m without a Claude event (last one 12s ago) · time limit 2h (1h58m left)",
    );
    expect(watchdogLine({ ...job, status: "failed" }, { stallMs: null, maxMs: null })).toBe("no inactivity limit · no time limit");
  });
  test("durations read back as typed", () => {
    expect([3_000, 90_000, 600_000, 3_660_000, 7_200_000, 90_000_000].map(formatDuration)).toEqual(["3s", "1m30s", "10m", "1h1m", "2h", "1d1h"]);
  });
});

describe("foreground or background by the size of the change", () => {
  test("above either threshold goes to the background; the threshold is configurable", () => {
    expect(reviewBackgroundReason({ files: 5, additions: 300, deletions: 100 })).toBeNull();
    expect(reviewBackgroundReason({ files: 6, additions: 1, deletions: 0 })).toBe("6 files, 1 changed line; above 5 files or 400 lines");
    expect(reviewBackgroundReason({ files: 1, additions: 401, deletions: 0 })).toBe("1 file, 401 changed lines; above 5 files or 400 lines");
    expect(reviewBackgroundReason({ files: 50, additions: 1, deletions: 0 }, { files: 100 })).toBeNull();
  });
});

describe("slash commands", () => {
  test("a task that begins with /word is sent as is; other text is framed", () => {
    expect(isSlashCommand("/simplify focus on a.txt")).toBe(true);
    expect(isSlashCommand(" /simplify")).toBe(false);
    expect(isSlashCommand("/tmp/x is broken")).toBe(false);
    expect(rescuePrompt("/simplify", "/nonexistent")).toBe("/simplify");
    expect(rescuePrompt("fix it", "/nonexistent")).toContain("<task>\nfix it\n</task>");
  });
});

describe("the review gate setting", () => {
  test("the workspace's own setting wins, then the global default, then off", () => {
    expect(reviewGateSetting("/w/a", {})).toEqual({ enabled: false, source: "off by default" });
    expect(reviewGateSetting("/w/a", { reviewGate: true })).toEqual({ enabled: true, source: "global default" });
    expect(reviewGateSetting("/w/a", { reviewGate: true, reviewGateByWorkspace: { "/w/a": false } })).toEqual({ enabled: false, source: "workspace" });
    expect(reviewGateEnabled("/w/b/", { reviewGateByWorkspace: { "/w/b": true } })).toBe(true);
  });
});
