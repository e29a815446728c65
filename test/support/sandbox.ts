/**
 * A private world for one test: temporary HOME, CODEX_HOME, CLAUDE_CONFIG_DIR and cc data dir, a real
 * git repository, and the environments that point the real claude and codex at the mocks.
 * Nothing of the developer's own configuration, keys or PATH leaks in.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { basePath } from "./bins.ts";
import { initRepo } from "./git.ts";
import { stopCodexDaemons } from "./tui.ts";

export interface SandboxOptions {
  /** Files of the initial commit; `false` for no repository at all. */
  repo?: Record<string, string> | false;
}

export interface CodexConfigOptions {
  sandboxMode?: "read-only" | "workspace-write" | "danger-full-access";
  /** Extra TOML appended verbatim. */
  extra?: string;
}

export class Sandbox {
  readonly root: string;
  readonly home: string;
  readonly codexHome: string;
  readonly claudeConfigDir: string;
  readonly dataDir: string;
  readonly repo: string;
  readonly tmp: string;

  constructor(opts: SandboxOptions = {}) {
    // realpath-free short prefix: macOS /var → /private/var would confuse cwd comparisons.
    this.root = mkdtempSync(join(tmpdir(), "cc-test-"));
    this.home = join(this.root, "home");
    this.codexHome = join(this.home, ".codex");
    this.claudeConfigDir = join(this.home, ".claude");
    this.dataDir = join(this.root, "cc-data");
    this.tmp = join(this.root, "tmp");
    this.repo = join(this.root, "repo");
    for (const dir of [this.home, this.codexHome, this.claudeConfigDir, this.tmp]) mkdirSync(dir, { recursive: true });
    if (opts.repo !== false) initRepo(this.repo, opts.repo);
    else mkdirSync(this.repo, { recursive: true });
  }

  /** Base environment: private home, system PATH, no inherited secrets. */
  baseEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: basePath(),
      HOME: this.home,
      USERPROFILE: this.home,
      TMPDIR: this.tmp,
      LANG: "C.UTF-8",
      CODEX_HOME: this.codexHome,
      CC_DATA_DIR: this.dataDir,
      ...extra,
    };
  }

  /** Environment for the real claude against an Anthropic mock: key set, retries off, no extra traffic. */
  claudeEnv(mockUrl: string, extra: Record<string, string> = {}): Record<string, string> {
    return this.baseEnv({
      CLAUDE_CONFIG_DIR: this.claudeConfigDir,
      ANTHROPIC_BASE_URL: mockUrl,
      ANTHROPIC_API_KEY: "sk-test-mock",
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      CLAUDE_CODE_MAX_RETRIES: "0",
      DISABLE_AUTOUPDATER: "1",
      API_TIMEOUT_MS: "20000",
      ...extra,
    });
  }

  /** Write $CODEX_HOME/config.toml pointing codex at a Responses mock, retries off. */
  writeCodexConfig(mockUrl: string, opts: CodexConfigOptions = {}): void {
    const toml = [
      `model = "mock-model"`,
      `model_provider = "mock_provider"`,
      `approval_policy = "never"`,
      `sandbox_mode = "${opts.sandboxMode ?? "danger-full-access"}"`,
      ``,
      `[features]`,
      `unbounded_connection_retries = false`,
      ``,
      `[model_providers.mock_provider]`,
      `name = "Mock"`,
      `base_url = "${mockUrl}"`,
      `wire_api = "responses"`,
      `request_max_retries = 0`,
      `stream_max_retries = 0`,
      ``,
      opts.extra ?? "",
    ].join("\n");
    writeFileSync(join(this.codexHome, "config.toml"), toml);
  }

  cleanup(): void {
    // An interactive Codex (the TUI, `codex queue`) leaves its app-server daemon running after it
    // quits; left alone it would outlive the test and take CPU from the rest of the run.
    stopCodexDaemons(this.codexHome);
    rmSync(this.root, { recursive: true, force: true });
  }
}
