/**
 * What reaches claude's environment (and so every tool it runs, and anything a model prints with
 * `env`): an allow-list per profile, not the caller's whole environment. Codex sessions carry
 * OpenAI and Codex credentials, and shells carry GitHub, cloud and registry tokens; none of that is
 * Claude's business.
 *
 * - Every profile: Claude's own auth and endpoint (ANTHROPIC_*, CLAUDE_*, Claude Code's DISABLE_* and
 *   timeouts), proxy and TLS settings, PATH, HOME, user, shell, locale, terminal, temp dirs, XDG dirs
 *   and Windows' system variables. With CLAUDE_CODE_USE_BEDROCK / _VERTEX, the AWS / Google
 *   variables that provider needs.
 * - The write profile (rescue) also: toolchain locations build tools look for (JAVA_HOME, GOPATH,
 *   CARGO_HOME, VIRTUAL_ENV …, no credentials) and the names in cc's config `passEnvironment`
 *   (exact names, or prefixes ending in `*`), e.g. NPM_TOKEN for a private registry.
 * - Never, whatever the config says: OPENAI_*, CODEX_*, AZURE_OPENAI_*.
 */
import type { ProfileName } from "./types.ts";

type Env = Record<string, string | undefined>;

const BASE_NAMES = new Set([
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "TERM",
  "COLORTERM",
  "NO_COLOR",
  "FORCE_COLOR",
  "TMPDIR",
  "TMP",
  "TEMP",
  "LANG",
  "LANGUAGE",
  "TZ",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "all_proxy",
  "NODE_EXTRA_CA_CERTS",
  "NODE_TLS_REJECT_UNAUTHORIZED",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "REQUESTS_CA_BUNDLE",
  "CURL_CA_BUNDLE",
  "API_TIMEOUT_MS",
  "MAX_THINKING_TOKENS",
  "MAX_MCP_OUTPUT_TOKENS",
  "MCP_TIMEOUT",
  "MCP_TOOL_TIMEOUT",
  "BASH_DEFAULT_TIMEOUT_MS",
  "BASH_MAX_TIMEOUT_MS",
  "BASH_MAX_OUTPUT_LENGTH",
  "USE_BUILTIN_RIPGREP",
  "IS_SANDBOX",
  // Windows: without these, processes cannot find the system or the user's profile.
  "USERPROFILE",
  "APPDATA",
  "LOCALAPPDATA",
  "SYSTEMROOT",
  "SystemRoot",
  "SYSTEMDRIVE",
  "WINDIR",
  "COMSPEC",
  "PATHEXT",
  "PROGRAMDATA",
  "ProgramFiles",
  "ProgramFiles(x86)",
]);
const BASE_PREFIXES = ["ANTHROPIC_", "CLAUDE_", "LC_", "XDG_", "DISABLE_"];

/** Claude on Bedrock or Vertex authenticates with that cloud's variables. */
const PROVIDER_PREFIXES: Record<string, string[]> = {
  CLAUDE_CODE_USE_BEDROCK: ["AWS_"],
  CLAUDE_CODE_USE_VERTEX: ["GOOGLE_", "GCLOUD_", "CLOUDSDK_", "CLOUD_ML_", "VERTEX_"],
};

/** Where toolchains live; build tools in a rescue look for them. Locations only, no credentials. */
const TOOLCHAIN_NAMES = new Set([
  "JAVA_HOME",
  "GOPATH",
  "GOROOT",
  "GOCACHE",
  "GOMODCACHE",
  "GOFLAGS",
  "GOTOOLCHAIN",
  "CARGO_HOME",
  "RUSTUP_HOME",
  "RUSTUP_TOOLCHAIN",
  "NVM_DIR",
  "NVM_BIN",
  "VOLTA_HOME",
  "BUN_INSTALL",
  "PNPM_HOME",
  "DENO_DIR",
  "VIRTUAL_ENV",
  "CONDA_PREFIX",
  "PYENV_ROOT",
  "PYTHONPATH",
  "GEM_HOME",
  "GEM_PATH",
  "RBENV_ROOT",
  "ANDROID_HOME",
  "ANDROID_SDK_ROOT",
  "PKG_CONFIG_PATH",
  "CC",
  "CXX",
  "CFLAGS",
  "CXXFLAGS",
  "LDFLAGS",
]);

/**
 * The policy as exact names, for a host that takes no prefixes (Codex's `env_vars` for cc's MCP
 * server): the base names, the toolchain locations, and the ANTHROPIC_* / CLAUDE_* / provider
 * variables Claude Code reads.
 */
export const MCP_PASSED_NAMES: readonly string[] = [
  ...BASE_NAMES,
  ...TOOLCHAIN_NAMES,
  "LC_ALL",
  "LC_CTYPE",
  "LC_MESSAGES",
  "XDG_CONFIG_HOME",
  "XDG_DATA_HOME",
  "XDG_CACHE_HOME",
  "XDG_STATE_HOME",
  "XDG_RUNTIME_DIR",
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_AUTH_TOKEN",
  "ANTHROPIC_BASE_URL",
  "ANTHROPIC_CUSTOM_HEADERS",
  "ANTHROPIC_MODEL",
  "ANTHROPIC_SMALL_FAST_MODEL",
  "ANTHROPIC_DEFAULT_OPUS_MODEL",
  "ANTHROPIC_DEFAULT_SONNET_MODEL",
  "ANTHROPIC_DEFAULT_HAIKU_MODEL",
  "ANTHROPIC_BEDROCK_BASE_URL",
  "ANTHROPIC_VERTEX_BASE_URL",
  "ANTHROPIC_VERTEX_PROJECT_ID",
  "CLAUDE_CONFIG_DIR",
  "CLAUDE_CODE_OAUTH_TOKEN",
  "CLAUDE_CODE_USE_BEDROCK",
  "CLAUDE_CODE_USE_VERTEX",
  "CLAUDE_CODE_SKIP_BEDROCK_AUTH",
  "CLAUDE_CODE_SKIP_VERTEX_AUTH",
  "CLAUDE_CODE_MAX_RETRIES",
  "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
  "CLAUDE_CODE_MAX_OUTPUT_TOKENS",
  "DISABLE_AUTOUPDATER",
  "DISABLE_TELEMETRY",
  "DISABLE_ERROR_REPORTING",
  "AWS_REGION",
  "AWS_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_BEARER_TOKEN_BEDROCK",
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "GOOGLE_APPLICATION_CREDENTIALS",
  "GOOGLE_CLOUD_PROJECT",
  "CLOUD_ML_REGION",
];

/** Credentials of the host that runs cc: never handed to Claude. */
const NEVER = /^(OPENAI_|CODEX_|AZURE_OPENAI_)/;

/** True when `name` may never be passed (the config is checked against this too). */
export const neverPassed = (name: string): boolean => NEVER.test(name);

function matches(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith("*") ? name.startsWith(p.slice(0, -1)) : name === p));
}

function allowedEverywhere(name: string, source: Env): boolean {
  if (BASE_NAMES.has(name) || BASE_PREFIXES.some((p) => name.startsWith(p))) return true;
  return Object.entries(PROVIDER_PREFIXES).some(([flag, prefixes]) => Boolean(source[flag]) && prefixes.some((p) => name.startsWith(p)));
}

export interface EnvironmentPolicy {
  profile: ProfileName;
  /** cc's config `passEnvironment`: extra names or `PREFIX*` patterns for the write profile. */
  pass?: readonly string[] | undefined;
}

/** Whether `name` (with the rest of `source` for provider switches) may reach claude under `policy`. */
function mayPass(name: string, source: Env, policy: EnvironmentPolicy): boolean {
  if (neverPassed(name)) return false;
  if (allowedEverywhere(name, source)) return true;
  if (policy.profile !== "write") return false;
  return TOOLCHAIN_NAMES.has(name) || matches(name, policy.pass ?? []);
}

/** The part of `source` claude may see under `policy`. */
export function filterEnvironment(source: Env, policy: EnvironmentPolicy): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) if (value !== undefined && mayPass(name, source, policy)) out[name] = value;
  return out;
}

/** cc's own settings, which a background worker needs to find its store and claude (never claude's). */
const CC_OWN = /^(CC_|CODEX_HOME$|PLUGIN_DATA$)/;

/**
 * The detached worker's environment: what claude may get under the job's profile, plus cc's own
 * settings. Nothing else crosses, so the worker's log and /proc hold no stray credentials either.
 */
export function workerEnvironment(source: Env, policy: EnvironmentPolicy): Record<string, string> {
  const out = filterEnvironment(source, policy);
  for (const [name, value] of Object.entries(source)) if (value !== undefined && CC_OWN.test(name)) out[name] = value;
  // A cc started from inside another run's tool must not carry that run's marker: its cancel would end us.
  delete out.CC_RUN_MARKER;
  return out;
}
