/**
 * Several cc processes starting at once on a data dir that has no store yet (the first jobs of a new
 * user, launched together by Codex or over MCP) all get the store: SQLite refused the switch to WAL
 * to all but one of them at once, without its busy timeout, and that cc failed with "cc's job
 * database is locked by another process" (seen in 2 of 30 pairs of `cc status` on a fresh data dir).
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = mkdtempSync(join(tmpdir(), "cc-store-create-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Each process loads cc's store code, then waits for the same moment to open the store.
const opener = `
import { openDatabase } from ${JSON.stringify(join(import.meta.dir, "../../src/jobs/db-file.ts"))};
while (Date.now() < Number(process.argv[2])) {}
try { openDatabase(process.argv[1]); } catch (error) { console.log(error.message); process.exit(1); }
`;

test("four processes creating one store at once, twelve times: every one opens it", async () => {
  const failures: string[] = [];
  for (let round = 0; round < 12; round++) {
    const path = join(root, `data-${round}`, "cc.db");
    const at = String(Date.now() + 300);
    const runs = Array.from({ length: 4 }, () =>
      Bun.spawn([process.execPath, "-e", opener, path, at], {
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
        env: { ...process.env, CC_DB_BUSY_TIMEOUT_MS: "5000" },
      }),
    );
    for (const p of runs) {
      if ((await p.exited) !== 0) failures.push(`${await new Response(p.stdout).text()}${await new Response(p.stderr).text()}`.trim());
    }
  }
  expect(failures).toEqual([]);
}, 60_000);
