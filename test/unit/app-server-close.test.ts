/**
 * Stopping `codex app-server` (install, uninstall and setup each start one): once the server has
 * exited, cc has nothing left to wait for and ends. A timer left pending after the server was gone
 * kept every `cc install` and `cc setup` alive 2 s longer, doing nothing.
 */
import { expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../support/bins.ts";

/** A stand-in server: answers `initialize`, exits as soon as its stdin closes. */
const FAKE_SERVER = `
for await (const line of console) {
  const msg = JSON.parse(line);
  if (msg.id !== undefined) console.log(JSON.stringify({ jsonrpc: "2.0", id: msg.id, result: {} }));
}
`;

test("after the app-server exits, cc ends without waiting out the 2 s kill timer", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cc-app-server-"));
  try {
    const server = join(dir, "codex");
    writeFileSync(server, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(dir, "server.ts"))}\n`, { mode: 0o755 });
    writeFileSync(join(dir, "server.ts"), FAKE_SERVER);
    const client = join(dir, "client.ts");
    writeFileSync(
      client,
      `import { withAppServer } from ${JSON.stringify(join(repoRoot, "src/codex/app-server.ts"))};
await withAppServer({ bin: ${JSON.stringify(server)}, env: process.env }, async () => null);
console.log(Date.now());
`,
    );
    const child = Bun.spawn([process.execPath, client], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited]);
    const ended = Date.now();
    expect(code, err).toBe(0);
    // Closed at `closedAt`; the process is gone well before the 2 s timer would have fired.
    const closedAt = Number(out.trim());
    expect(ended - closedAt).toBeLessThan(1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
