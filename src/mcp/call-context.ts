/**
 * What a tool call carries besides its arguments: the Codex session and thread (per call in
 * `params._meta`, never in the server's environment) and the session's working directory (Codex's
 * opt-in `codex/sandbox-state` meta), plus the client's workspace roots. From them: the directory
 * the call works in, refused when it lies outside the roots, and the environment its cc child gets.
 */
import { realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { CcError } from "../lib/errors.ts";

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/);
const path = z.string().min(1).max(4096);
const entry = z.object({ path: z.object({ type: z.string(), path: path.optional() }).loose(), access: z.string() }).loose();
const metaSchema = z
  .object({
    sessionId: id.optional(),
    threadId: id.optional(),
    "x-codex-turn-metadata": z
      .object({ session_id: id.optional(), thread_id: id.optional(), workspaces: z.record(path, z.unknown()).optional() })
      .loose()
      .optional(),
    "codex/sandbox-state": z
      .object({
        sandboxCwd: path.optional(),
        permissionProfile: z
          .object({
            file_system: z
              .object({ entries: z.array(entry).max(1000).optional() })
              .loose()
              .optional(),
          })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export interface CallMeta {
  /** The root Codex session (jobs are owned by it, as with CODEX_SESSION_ID in the CLI). */
  session: string | null;
  thread: string | null;
  /** The session's cwd, when the client said. */
  sessionCwd: string | null;
  /** Directories the session may write besides its cwd (Codex's writable roots). */
  writableRoots: string[];
}

/** Each field on its own: one malformed field drops only itself. */
export function readMeta(meta: unknown): CallMeta {
  const raw = (meta !== null && typeof meta === "object" ? meta : {}) as Record<string, unknown>;
  const field = <T>(schema: z.ZodType<T>, value: unknown): T | undefined => schema.safeParse(value).data;
  const turn = field(metaSchema.shape["x-codex-turn-metadata"], raw["x-codex-turn-metadata"]);
  const sandbox = field(metaSchema.shape["codex/sandbox-state"], raw["codex/sandbox-state"]);
  // The session's cwd: the sandbox state's, else the turn's one workspace (a Codex without the sandbox meta).
  const workspaces = Object.keys(turn?.workspaces ?? {}).filter((w) => isAbsolute(w));
  const writable = (sandbox?.permissionProfile?.file_system?.entries ?? []).filter((e) => e.access === "write" && e.path.type === "path" && e.path.path);
  return {
    session: field(id, raw.sessionId) ?? turn?.session_id ?? null,
    thread: field(id, raw.threadId) ?? turn?.thread_id ?? null,
    sessionCwd: (sandbox?.sandboxCwd ? fromFileUrl(sandbox.sandboxCwd) : null) ?? (workspaces.length === 1 ? workspaces[0]! : null),
    writableRoots: writable.map((e) => e.path.path!).filter((p) => isAbsolute(p)),
  };
}

function fromFileUrl(value: string): string | null {
  try {
    return value.startsWith("file:") ? fileURLToPath(value) : isAbsolute(value) ? value : null;
  } catch {
    return null;
  }
}

const realDir = (dir: string): string | null => {
  try {
    const real = realpathSync(dir);
    return statSync(real).isDirectory() ? real : null;
  } catch {
    return null;
  }
};

const inside = (dir: string, root: string): boolean => {
  const rel = relative(root, dir);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
};

/**
 * The directory a call works in: its `cwd` argument (relative to the session's cwd), else the
 * session's cwd. It must exist and lie inside one of `roots` (the client's roots, else the session's
 * cwd): a model cannot point cc at another repository of the user's.
 */
export function workingDirectory(requested: string | undefined, sessionCwd: string, roots: string[]): string {
  const wanted = requested === undefined ? sessionCwd : resolve(sessionCwd, requested);
  const dir = realDir(wanted);
  if (!dir) throw new CcError(`${wanted} is not a directory`, { hint: "Pass a cwd that exists, or none for the session's working directory." });
  const realRoots = roots.map(realDir).filter((r): r is string => r !== null);
  if (!realRoots.some((root) => inside(dir, root))) {
    throw new CcError(`${dir} is outside the workspace (${realRoots.join(", ") || "no roots"})`, { hint: "Pass a cwd inside the session's workspace." });
  }
  return dir;
}

/** The cc child's environment: the server's, with the call's Codex session instead of any other. */
export function childEnvironment(base: Record<string, string | undefined>, meta: CallMeta): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined) env[name] = value;
  delete env.CODEX_SESSION_ID;
  delete env.CODEX_THREAD_ID;
  if (meta.session) env.CODEX_SESSION_ID = meta.session;
  if (meta.thread ?? meta.session) env.CODEX_THREAD_ID = (meta.thread ?? meta.session)!;
  return env;
}
