/**
 * cc from source driving background jobs in a test's sandbox: `cc(args)` runs it, `detail(job)` is
 * `cc status <job> --json`'s job. `where` is read at each call (the sandbox is made in beforeAll).
 */
import { ccFromSource } from "./bins.ts";
import { run } from "./processes.ts";

export function ccJobs(where: () => { cwd: string; env: Record<string, string> }) {
  const cc = (args: string[], timeoutMs = 60000) => run([...ccFromSource, ...args], { ...where(), timeoutMs });
  const detail = async (job: string) => JSON.parse((await cc(["status", job, "--json"])).stdout).job;
  return { cc, detail };
}
