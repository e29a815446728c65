/** Finding the job a user means: by id or unique prefix, or "the one" of this session. */
import { CcError, UsageError } from "../lib/errors.ts";
import { ccHint } from "../lib/invocation.ts";
import type { Workspace } from "../lib/workspace.ts";
import { parseJobReference } from "./ids.ts";
import { reconcile } from "./reconcile.ts";
import { type JobFilter, JobStore } from "./store.ts";
import { isActive, type Job } from "./types.ts";

/** Open the store and reconcile it: what every read command starts with. */
export function openReconciledStore(): JobStore {
  const store = new JobStore();
  reconcile(store);
  return store;
}

/** The jobs `cc status` shows by default: this Codex session's, or the workspace's outside Codex. */
export function defaultJobFilter(ws: Workspace): JobFilter {
  return { workspaceRoot: ws.root, codexSession: ws.codexSession };
}

const candidateList = (jobs: Job[]) => jobs.map((j) => `${j.id} (${j.kind}, ${j.status}: ${j.summary.slice(0, 50)})`).join("; ");

/** Resolve a typed id or prefix. Prefixes match this workspace's jobs; a full id matches any job. */
export function resolveJob(store: JobStore, raw: string, ws: Workspace): Job {
  const ref = parseJobReference(raw);
  const exact = store.get(ref);
  if (exact) return exact;
  const matches = store.byPrefix(ref).filter((j) => j.workspaceRoot === ws.root);
  if (matches.length === 1) return store.get(matches[0]!.id)!;
  if (matches.length > 1) {
    throw new UsageError(
      `job id "${ref}" is ambiguous: it matches ${matches.length} jobs`,
      `Candidates: ${candidateList(matches.slice(0, 10))}. Type more of the id.`,
    );
  }
  const recent = store.list({ workspaceRoot: ws.root, codexSession: null }, 5);
  throw new CcError(`no job "${ref}" in ${ws.root}`, {
    hint: recent.length ? `Recent jobs here: ${candidateList(recent)}. ${ccHint("status", "--all")} lists them all.` : "This workspace has no jobs yet.",
  });
}

/** With no id: the one active job of the scope; several or none is an error that lists them. */
export function soleActiveJob(store: JobStore, filter: JobFilter, verb: string): Job {
  const active = store.list(filter).filter((j) => isActive(j.status));
  if (active.length === 1) return store.get(active[0]!.id)!;
  if (active.length === 0)
    throw new CcError(`no queued or running job to ${verb}`, {
      hint: `${ccHint("status")} lists this session's jobs; ${ccHint("status", "--all")} the workspace's.`,
    });
  throw new UsageError(`${active.length} jobs are active; say which one to ${verb}`, `Active: ${candidateList(active)}.`);
}
