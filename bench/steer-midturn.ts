/**
 * What `claude -p --input-format stream-json` does with a user message that arrives mid-turn
 * (src/jobs/messages.ts has the findings). Modes: `queue` (message while the answer streams),
 * `queue-tool` (while a tool runs), `interrupt` / `interrupt-tool` (an interrupt control request
 * first). REPLAY=1 adds --replay-user-messages; CLOSE_EARLY=1 closes stdin right after the message.
 * Prints claude's events with timestamps and the mock's requests.
 *   bun bench/steer-midturn.ts queue
 */
import { spawn } from "node:child_process";
import { reply, startAnthropicMock } from "../test/support/anthropic-mock.ts";
import { claudeBin } from "../test/support/bins.ts";
import { Sandbox } from "../test/support/sandbox.ts";

const mode = process.argv[2] ?? "queue"; // queue | interrupt | interrupt-tool
const box = new Sandbox();
const t0 = Date.now();
const ts = () => ((Date.now() - t0) / 1000).toFixed(2);
const mock = startAnthropicMock((req) => {
  const text = req.userText();
  if (text.includes("STEER")) return reply.text("reply-to-steer");
  if (mode === "interrupt-tool" || mode === "queue-tool")
    return req.toolResults === 0 ? reply.tool("Bash", { command: "sleep 6; echo slept", description: "slow" }) : reply.text("first-done");
  return reply.text("first turn slow text ".repeat(10), { chunks: 20, chunkDelayMs: 250 });
});
const child = spawn(
  claudeBin,
  [
    "-p",
    "--input-format",
    "stream-json",
    "--output-format",
    "stream-json",
    "--verbose",
    "--permission-mode",
    "acceptEdits",
    "--allowedTools",
    "Bash",
    ...(process.env.REPLAY ? ["--replay-user-messages"] : []),
  ],
  { cwd: box.repo, env: box.claudeEnv(mock.url), stdio: ["pipe", "pipe", "pipe"] },
);
let buf = "";
child.stdout.setEncoding("utf8").on("data", (c: string) => {
  buf += c;
  const lines = buf.split("\n");
  buf = lines.pop()!;
  for (const l of lines) {
    try {
      const e = JSON.parse(l);
      console.log(
        ts(),
        e.type,
        e.subtype ?? "",
        e.type === "result"
          ? JSON.stringify({
              cost: e.total_cost_usd,
              nt: e.num_turns,
              r: String(e.result).slice(0, 30),
              sub: e.subtype,
              tr: e.terminal_reason,
              err: e.is_error,
            })
          : e.type === "assistant"
            ? JSON.stringify(e.message.content).slice(0, 100)
            : e.type === "control_response"
              ? JSON.stringify(e).slice(0, 300)
              : e.type === "user"
                ? JSON.stringify(e.message.content).slice(0, 400) + (e.isReplay ? " REPLAY" : "")
                : "",
      );
    } catch {
      console.log(ts(), "RAW", l.slice(0, 200));
    }
  }
});
child.stderr.setEncoding("utf8").on("data", (c: string) => console.log(ts(), "STDERR", c.trim().slice(0, 300)));
const send = (o: unknown) => child.stdin.write(`${JSON.stringify(o)}\n`);
send({ type: "user", message: { role: "user", content: "first task" } });
await Bun.sleep(2500);
if (mode.startsWith("queue")) {
  console.log(ts(), "SEND steer");
  send({ type: "user", message: { role: "user", content: "STEER please" } });
} else {
  console.log(ts(), "SEND interrupt");
  send({ type: "control_request", request_id: "int-1", request: { subtype: "interrupt" } });
  await Bun.sleep(1000);
  console.log(ts(), "SEND steer");
  send({ type: "user", message: { role: "user", content: "STEER please" } });
}
await Bun.sleep(process.env.CLOSE_EARLY ? 0 : 9000);
console.log(ts(), "END stdin");
child.stdin.end();
const code = await new Promise((r) => child.on("exit", (c) => r(c)));
console.log(ts(), "exit", code);
for (const r of mock.requests)
  console.log(
    "req",
    r.n,
    JSON.stringify(
      r.body?.messages?.map((m: any) => [
        m.role,
        typeof m.content === "string" ? m.content.slice(0, 40) : m.content.map((b: any) => `${b.type}:${(b.text ?? "").slice(0, 30)}`),
      ]),
    ).slice(0, 400),
  );
await mock.close();
box.cleanup();
