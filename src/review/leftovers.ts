/**
 * What a killed cc leaves of a revision review: its checkout in cc's data dir and, for a pull
 * request, its private ref in the user's repository. Swept at the start of the next review: a
 * checkout is kept while its creating process lives or an active job (after reconciling, so a
 * kill -9'd worker's job no longer counts) reviews it.
 */

import { REVIEW_KINDS, reviewJobInputSchema } from "../contracts/review-job.ts";
import { openReconciledStore } from "../jobs/lookup.ts";
import { sweepCheckouts, sweepOrphanRefs } from "./checkout.ts";

function checkoutsInUse(): Set<string> {
  const store = openReconciledStore();
  const inUse = new Set<string>();
  for (const listed of store.active()) {
    if (!(REVIEW_KINDS as readonly string[]).includes(listed.kind)) continue;
    const input = reviewJobInputSchema.safeParse(store.get(listed.id)?.kindInput);
    if (input.success && input.data.revision) inUse.add(input.data.revision.checkout);
  }
  return inUse;
}

/** Best effort: a sweep that fails must not stop the review the user asked for. */
export function sweepReviewLeftovers(repoRoot: string | null): void {
  try {
    sweepCheckouts(checkoutsInUse());
    if (repoRoot) sweepOrphanRefs(repoRoot);
  } catch {
    /* next time */
  }
}
