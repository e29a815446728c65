/**
 * What a review costs Codex through the shell path (`$cc:review`: the skill makes the model run
 * `<cc> review`, in Codex's sandbox) against the typed path (the model calls `mcp__cc__review`),
 * through the real codex (`codex exec`, workspace-write) and the real claude, both against the
 * loopback mocks. Per scenario: model requests, function calls, escalations asked and approvals
 * refused, what Codex sent the model (bytes of input and tool definitions, ~4 bytes a token), wall
 * time, and whether Claude's findings reached the model. A slow review (Claude answers after
 * ~35 s, past the skill's 30 s yield) shows the shell path's polling.
 * Run: `bun run build && bun run bench:mcp-skill`.
 */

import { followSkill } from "../test/e2e/codex-skills.ts";
import { FINDINGS, UxWorld } from "../test/e2e/ux-world.ts";
import { reply } from "../test/support/anthropic-mock.ts";
import { codexExec } from "../test/support/codex.ts";
import { type CodexRequest, codex } from "../test/support/responses-mock.ts";
import { printTable } from "./lib.ts";

type Path = "shell" | "typed";
interface Scenario {
  name: string;
  path: Path;
  rules: boolean;
  slow: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: "shell, rules file", path: "shell", rules: true, slow: false },
  { name: "shell, no rules file", path: "shell", rules: false, slow: false },
  { name: "typed, no rules file", path: "typed", rules: false, slow: false },
  { name: "shell, rules file, slow review", path: "shell", rules: true, slow: true },
  { name: "typed, no rules file, slow review", path: "typed", rules: false, slow: true },
];

/** The typed path's model: call the tool, then show what came back. */
function callTool(req: CodexRequest) {
  const last = req.outputs().at(-1);
  return last ? codex.say(last.output) : codex.mcp("cc", "review", {});
}

const bytes = (value: unknown) => JSON.stringify(value ?? "").length;

async function measure(s: Scenario): Promise<(string | number)[]> {
  const world = new UxWorld(s.path === "shell" ? (req) => followSkill(req) : callTool);
  try {
    // Slow: ~36 s before Claude's answer is complete (3 stream deltas 12 s apart), past the skill's 30 s yield.
    if (s.slow) world.claude.setScript(() => ({ ...reply.structured(FINDINGS, "Reviewing."), chunkDelayMs: 12_000 }));
    world.config("workspace-write");
    await world.install(s.rules ? ["--yes"] : ["--no-rules", "--no-trust-hooks"]);
    const began = performance.now();
    const turn = await codexExec(world.sb, s.path === "shell" ? "$cc:review --wait" : "Have Claude review my change", { env: world.env(), timeoutMs: 180000 });
    const wall = (performance.now() - began) / 1000;
    const requests = world.codex.requests;
    const last = requests.at(-1)!.body.input as any[];
    const calls = last.filter((i) => i.type === "function_call");
    const outputs = requests
      .at(-1)!
      .outputs()
      .map((o) => o.raw);
    const escalations = calls.filter((c) => c.name === "exec_command" && JSON.parse(c.arguments).sandbox_permissions === "require_escalated").length;
    const refused = outputs.filter((o) => /approval policy is never|requires approval/i.test(o)).length;
    const inputBytes = requests.reduce((sum, r) => sum + bytes(r.body.input), 0);
    const toolBytes = requests.reduce((sum, r) => sum + bytes(r.body.tools), 0);
    const ccToolBytes = bytes((requests[0]!.body.tools as any[]).find((t) => t.name === "mcp__cc"));
    const reached = (turn.lastMessage.includes("UX_FINDING_TITLE") || outputs.some((o) => o.includes("UX_FINDING_TITLE"))) && turn.code === 0;
    return [
      s.name,
      requests.length,
      calls.length,
      escalations,
      refused,
      inputBytes,
      toolBytes,
      ccToolBytes,
      `~${Math.round((inputBytes + toolBytes) / 4)}`,
      wall.toFixed(1),
      reached ? "yes" : "no",
    ];
  } finally {
    await world.close();
  }
}

const rows: (string | number)[][] = [];
for (const s of SCENARIOS) rows.push(await measure(s));
printTable(
  [
    "scenario",
    "model requests",
    "function calls",
    "escalations",
    "refused",
    "input bytes",
    "tool-def bytes",
    "mcp__cc def bytes",
    "tokens (bytes/4)",
    "wall s",
    "findings reached the model",
  ],
  rows,
);
