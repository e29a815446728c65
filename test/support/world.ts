/**
 * The one test fixture: a disposable world composing a Sandbox (private HOME, CODEX_HOME, Claude
 * config, data dir, a real git repository), the model mocks it needs, and the ways a test runs cc
 * (from source, or the compiled binary installed into Codex). Teardown is written once, here:
 * reap every process group, run what the test deferred, close the mocks, remove the root — in that
 * order, failed or not.
 *
 *   await using w = world({ repo: { "a.txt": "hi\n" }, claude: reply.text("done") });   // one test
 *   const w = worldPerTest({ ... });   // a fresh world before each test of the file
 *   const w = worldPerFile({ ... });   // one world shared by the file (an installed Codex home)
 *
 * (STYLE.md topic 5: opencode's disposal by scope, gh's `defer` next to the resource it cleans.)
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "bun:test";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type AnthropicMock, type Reply, reply, type Script, startAnthropicMock } from "./anthropic-mock.ts";
import { ccBinary, ccFromSource, claudeBin, codexBin } from "./bins.ts";
import { writeFakeClaude } from "./fake-claude.ts";
import { writeFiles } from "./git.ts";
import { describeRun, type RunOptions, type RunResult, reapAll, run } from "./processes.ts";
import { type CodexScript, type ResponsesMock, startResponsesMock } from "./responses-mock.ts";
import { type CodexConfigOptions, Sandbox, type SandboxOptions } from "./sandbox.ts";

/** Where nothing listens: claude and codex fail fast when a test started no mock. */
const NO_MOCK_URL = "http://127.0.0.1:9";

export interface WorldOptions extends SandboxOptions {
  /** Uncommitted changes written over the repository's first commit (what a review looks at). */
  changes?: Record<string, string>;
  /** Start the Messages mock playing Claude with this script (or one fixed reply). */
  claude?: Script | Reply;
  /** Start the Responses mock playing Codex's model with this script. */
  codex?: CodexScript;
  /** Write CODEX_HOME/config.toml pointing codex at the Responses mock (needs `codex`). */
  codexConfig?: CodexConfigOptions;
  /** Extra variables of every cc, claude and codex run of this world. */
  env?: Record<string, string>;
  /** Claude is test/support/fake-claude.ts (instant canned answers), not the real one against a mock. */
  fakeClaude?: boolean;
}

export interface CcRunOptions extends Partial<Omit<RunOptions, "env">> {
  /** Added to the world's environment for this run. */
  env?: Record<string, string | undefined>;
}

const asScript = (s: Script | Reply): Script => (typeof s === "function" ? s : () => s);

export class World implements AsyncDisposable {
  readonly sb: Sandbox;
  private claudeMock: AnthropicMock | null = null;
  private codexMock: ResponsesMock | null = null;
  private readonly deferred: (() => unknown)[] = [];
  private readonly fakeClaude: string | null;
  /** Extra variables of every run of this world (a test may change them). */
  envExtra: Record<string, string>;

  constructor(opts: WorldOptions = {}) {
    this.sb = new Sandbox(opts.repo === undefined ? {} : { repo: opts.repo });
    if (opts.changes) writeFiles(this.sb.repo, opts.changes);
    this.fakeClaude = opts.fakeClaude ? writeFakeClaude(this.sb.tmp) : null;
    this.envExtra = { ...opts.env };
    if (opts.claude) this.useClaude(opts.claude);
    if (opts.codex) this.useCodex(opts.codex);
    if (opts.codexConfig) this.sb.writeCodexConfig(this.codex.url, opts.codexConfig);
  }

  /** The Messages mock; started on first use (answering plain text until given a script). */
  get claude(): AnthropicMock {
    return (this.claudeMock ??= startAnthropicMock(() => reply.text("Hello from mock")));
  }

  /** The Responses mock; started on first use. */
  get codex(): ResponsesMock {
    return (this.codexMock ??= startResponsesMock());
  }

  /** Give Claude (the Messages mock) a new script, starting the mock if needed. */
  useClaude(script: Script | Reply): AnthropicMock {
    if (this.claudeMock) this.claudeMock.setScript(asScript(script));
    else this.claudeMock = startAnthropicMock(asScript(script));
    return this.claudeMock;
  }

  /** Give Codex's model (the Responses mock) a new script, starting the mock if needed. */
  useCodex(script: CodexScript): ResponsesMock {
    if (this.codexMock) this.codexMock.setScript(script);
    else this.codexMock = startResponsesMock(script);
    return this.codexMock;
  }

  /**
   * The environment of cc, claude and codex in this world: private home, claude pointed at the
   * Messages mock (when one runs), the pinned claude and codex.
   */
  env(extra: Record<string, string | undefined> = {}): Record<string, string> {
    // (An undefined value removes a variable: run() leaves it out.)
    if (this.fakeClaude) return this.sb.baseEnv({ CC_CLAUDE_BIN: this.fakeClaude, ...this.envExtra, ...extra } as Record<string, string>);
    return this.sb.claudeEnv(this.claudeMock?.url ?? NO_MOCK_URL, { CC_CLAUDE_BIN: claudeBin, CC_CODEX_BIN: codexBin, ...this.envExtra, ...extra } as Record<
      string,
      string
    >);
  }

  /** `cc <args>` from source, in the repository, bounded. */
  cc(args: string[], opts: CcRunOptions = {}): Promise<RunResult> {
    const { env, ...rest } = opts;
    return run([...ccFromSource, ...args], { cwd: this.sb.repo, timeoutMs: 60000, ...rest, env: this.env(env) });
  }

  /**
   * `cc install <args>` from a terminal-less shell, on a lonely copy of the compiled binary (as a
   * download would be); returns the installed binary's path.
   */
  async install(args: string[] = ["--yes"], extraEnv: Record<string, string> = {}): Promise<string> {
    const lonely = join(this.sb.root, "download");
    mkdirSync(lonely, { recursive: true });
    copyFileSync(ccBinary(), join(lonely, "cc"));
    const out = await run([join(lonely, "cc"), "install", ...args], { cwd: this.sb.repo, env: this.env(extraEnv), timeoutMs: 60000 });
    expect(out.code, describeRun(out)).toBe(0);
    return this.installedCc;
  }

  /** Where `cc install` puts the binary of this world. */
  get installedCc(): string {
    return join(this.sb.dataDir, "bin", "cc");
  }

  /**
   * SIGKILL `pid` when the world is disposed: a cc worker runs in its own session, out of reach of
   * the process-group reaper, and a failed test may leave it running.
   */
  killAtEnd(pid: number): void {
    this.defer(() => {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    });
  }

  /** Run `fn` when the world is disposed (before the mocks close and the root goes). */
  defer(fn: () => unknown): void {
    this.deferred.push(fn);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    try {
      await reapAll();
      for (const fn of this.deferred.splice(0).reverse()) await fn();
      await Promise.all([this.claudeMock?.close(), this.codexMock?.close()]);
    } finally {
      this.claudeMock = this.codexMock = null;
      this.sb.cleanup();
    }
  }
}

/** A world for one block: hold it with `await using`. */
export const world = (opts: WorldOptions = {}): World => new World(opts);

/**
 * A handle on "the current world" of a file: each property read goes to the world made by the
 * hooks, so a test writes `w.sb.repo`, `w.cc([...])` without hooks of its own.
 */
function handle(current: () => World): World {
  return new Proxy({} as World, {
    get(_target, prop) {
      const w = current();
      const value = Reflect.get(w, prop, w);
      return typeof value === "function" ? value.bind(w) : value;
    },
    set(_target, prop, value) {
      return Reflect.set(current(), prop, value);
    },
  });
}

function holder(make: () => World): { current: () => World; open: () => void; close: () => Promise<void> } {
  let w: World | null = null;
  return {
    current: () => {
      if (!w) throw new Error("no world here: use it inside a test");
      return w;
    },
    open: () => {
      w = make();
    },
    close: async () => {
      const done = w;
      w = null;
      await done?.[Symbol.asyncDispose]();
    },
  };
}

/** A fresh world before each test of the file, disposed after it. */
export function worldPerTest(opts: WorldOptions | (() => WorldOptions) = {}): World {
  const h = holder(() => world(typeof opts === "function" ? opts() : opts));
  beforeEach(h.open);
  afterEach(h.close);
  afterAll(reapAll);
  return handle(h.current);
}

/** One world for the whole file (expensive setup such as an installed Codex home, made once). */
export function worldPerFile(opts: WorldOptions = {}): World {
  const h = holder(() => world(opts));
  beforeAll(h.open);
  afterAll(h.close);
  return handle(h.current);
}
