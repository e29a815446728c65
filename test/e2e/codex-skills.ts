/**
 * A scripted Codex model that follows cc's skills the way the SKILL.md text tells it to: take the
 * one command the injected skill names, fill in the user's flags, run it plainly; on cc's sandbox
 * sentinel re-run it once escalated with the prefix rule the skill gives; then show the output as
 * is (or, when escalation is refused, tell the user what cc said to do).
 */
import { type CodexItem, type CodexRequest, codex, type InjectedSkill } from "../support/responses-mock.ts";

export interface SkillCommand {
  program: string;
  subcommand: string;
  prefixRule: string[];
  justification: string;
}

/** The command line and escalation details a skill body gives. */
export function readSkill(skill: InjectedSkill): SkillCommand {
  const run = /^ {4}(\/\S+) (\S+)/m.exec(skill.body);
  if (!run) throw new Error(`skill ${skill.name} names no command:\n${skill.body}`);
  const prefix = /prefix_rule: (\[[^\]]*\])/.exec(skill.body);
  const justification = /justification: "([^"]+)"/.exec(skill.body);
  if (!prefix || !justification) throw new Error(`skill ${skill.name} gives no escalation details`);
  return { program: run[1]!, subcommand: run[2]!, prefixRule: JSON.parse(prefix[1]!), justification: justification[1]! };
}

/** The user's text after `$cc:<name>` in the prompt. */
export function userArgs(req: CodexRequest, skillName: string): string {
  const mention = `$${skillName}`;
  const prompt =
    req
      .userTexts()
      .filter((t) => !t.startsWith("<skill>") && t.includes(mention))
      .at(-1) ?? "";
  return prompt.slice(prompt.indexOf(mention) + mention.length).trim();
}

/**
 * One step of "the model": call with each request of a turn. `args` overrides the text after the
 * mention (free text must then already be quoted as the skill says).
 */
export function followSkill(req: CodexRequest, opts: { args?: string; login?: boolean; tty?: boolean } = {}): CodexItem {
  const skill = req.skills().at(-1);
  if (!skill) throw new Error("no skill was injected into this turn");
  const spec = readSkill(skill);
  const args = opts.args ?? userArgs(req, skill.name);
  const cmd = [spec.program, spec.subcommand, args].filter(Boolean).join(" ");
  // Only this turn's outputs: calls after the last user message.
  const callIds = turnCallIds(req);
  const turnOutputs = req.outputs().filter((o) => callIds.has(o.callId));
  const last = turnOutputs.at(-1);
  // The skill asks for `login: false`; a test may play a model that ignores it (login: true).
  const shell = { login: opts.login ?? (skill.body.includes("`login: false`") ? false : undefined), ...(opts.tty ? { tty: true } : {}) };
  if (!last) return codex.exec(cmd, { yieldTimeMs: 30000, ...shell });
  if (last.sessionId !== null) return codex.poll(last.sessionId, 30000);
  if (turnOutputs.length === 1 && last.output.includes("CC_SANDBOX_BLOCKED")) {
    return codex.exec(cmd, {
      yieldTimeMs: 30000,
      ...shell,
      sandboxPermissions: "require_escalated",
      justification: spec.justification,
      prefixRule: spec.prefixRule,
    });
  }
  if (turnOutputs.length === 2 && turnOutputs[0]!.output.includes("CC_SANDBOX_BLOCKED") && last.exitCode === null) {
    const advice = turnOutputs[0]!.output.trim().split("\n").at(-1);
    return codex.say(`cc cannot run inside Codex's sandbox here (${last.output.trim()}). ${advice}`);
  }
  return codex.say(last.output);
}

/**
 * A model following a skill's typed path: when the skill names a `mcp__cc__<tool>` and Codex offers
 * that tool, call it with `args`, then show what came back; otherwise the shell path (followSkill).
 */
export function followTypedSkill(req: CodexRequest, args: Record<string, unknown> = {}): CodexItem {
  const skill = req.skills().at(-1);
  if (!skill) throw new Error("no skill was injected into this turn");
  const tool = /`mcp__cc__(\w+)`/.exec(skill.body)?.[1];
  const offered = (req.body?.tools ?? []).find((t: any) => t?.type === "namespace" && t.name === "mcp__cc")?.tools ?? [];
  if (!tool || !offered.some((t: any) => t.name === tool)) return followSkill(req);
  const callIds = turnCallIds(req);
  const last = req
    .outputs()
    .filter((o) => callIds.has(o.callId))
    .at(-1);
  return last ? codex.say(last.output) : codex.mcp("cc", tool, args);
}

/** call ids of function calls made after the last real user prompt of the request. */
function turnCallIds(req: CodexRequest): Set<string> {
  const input: any[] = Array.isArray(req.body?.input) ? req.body.input : [];
  let lastUser = -1;
  input.forEach((item, i) => {
    if (item?.type === "message" && item.role === "user") {
      const text = Array.isArray(item.content) ? item.content.map((c: any) => c?.text ?? "").join("") : String(item.content ?? "");
      if (text.includes("$cc:")) lastUser = i;
    }
  });
  return new Set(
    input
      .slice(lastUser + 1)
      .filter((i) => i?.type === "function_call")
      .map((i) => String(i.call_id)),
  );
}
