/**
 * Hooks through the real codex, trusted by `cc install` (no bypass flag), on the compiled binary:
 * the unread-result nudge and the completion notice.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { reply } from "../support/anthropic-mock.ts";
import { AppServerDriver, hookEntries } from "../support/app-server-driver.ts";
import { describeRun, run, waitFor } from "../support/processes.ts";
import { codex } from "../support/responses-mock.ts";
import { worldPerTest } from "../support/world.ts";
import { ccEnv, exec, installCc, outputsSinceLastUser, turnPrompt } from "./hooks-support.ts";

setDefaultTimeout(180_000);

const findings = {
  verdict: "needs-attention",
  summary: "NUDGE_REVIEW_SUMMARY",
  findings: [{ severity: "high", title: "FULL_RESULT_TEXT", body: "b", file: "src/app.ts", line_start: 1, line_end: 1, confidence: 0.9, recommendation: "r" }],
  next_steps: [],
};

const w = worldPerTest({
  repo: { "src/app.ts": "export const answer = 41;\n" },
  changes: { "src/app.ts": "export const answer = 42;\n" },
  claude: () => reply.structured(findings),
  codex: () => codex.say("ok"),
});
let cc: string;

const env = () => ccEnv(w.sb, w.claude.url);
const jobStatus = async (id: string) =>
  JSON.parse((await run([cc, "status", id, "--json"], { cwd: w.sb.repo, env: env(), timeoutMs: 30000 })).stdout).job.status as string;
const nudges = (req: { developerTexts(): string[] }) => req.developerTexts().filter((t) => t.includes("Claude Code background job"));

/** Turn script: "launch" runs `cc review --background`; "launch and wait" also waits for the job in the same turn. */
function script(ccPath: string) {
  return (req: any) => {
    const prompt = turnPrompt(req);
    const outputs = outputsSinceLastUser(req);
    if (prompt.startsWith("launch")) {
      if (outputs.length === 0) return codex.exec(`${ccPath} review --background`);
      const id = /(review-[0-9a-z]+)/.exec(outputs[0]!)?.[1];
      if (prompt === "launch and wait" && outputs.length === 1) return codex.exec(`${ccPath} status ${id} --wait`);
      return codex.say(`launched ${id}`);
    }
    return codex.say(`answer to: ${prompt}`);
  };
}

describe("unread-result nudge and completion notice", () => {
  test("a background review that finished between turns: the next turn's model request carries the pointer once, never the result; a later turn does not [codex-version]", async () => {
    w.sb.writeCodexConfig(w.codex.url);
    cc = await installCc(w.sb, env());
    w.codex.setScript(script(cc));
    const first = await exec(w.sb, "launch", env());
    expect(first.code, describeRun(first)).toBe(0);
    const id = /launched (review-[0-9a-z]+)/.exec(first.lastMessage)?.[1];
    expect(id, first.lastMessage).toBeString();
    expect(await waitFor(async () => (await jobStatus(id!)) === "completed", 60000, 250)).toBe(true);

    const before = w.codex.requests.length;
    const second = await exec(w.sb, "what now?", env(), first.threadId);
    expect(second.code, describeRun(second)).toBe(0);
    const turn2 = w.codex.requests.slice(before);
    const pointer = nudges(turn2[0]!);
    expect(pointer.length, JSON.stringify(turn2[0]!.developerTexts().slice(-2))).toBe(1);
    expect(pointer[0]).toContain(id!);
    expect(pointer[0]).toContain(`$cc:result ${id}`);
    expect(pointer[0]).not.toContain("FULL_RESULT_TEXT");

    const mark = w.codex.requests.length;
    const third = await exec(w.sb, "and now?", env(), first.threadId);
    expect(third.code, describeRun(third)).toBe(0);
    // Earlier turns' context stays in the history; this turn adds no new pointer.
    const turn3 = w.codex.requests.slice(mark);
    expect(nudges(turn3[0]!).length).toBe(1);
  });

  test("a job that finishes during a turn: the user sees one line naming it at the end of that turn, at no model cost", async () => {
    w.sb.writeCodexConfig(w.codex.url);
    cc = await installCc(w.sb, env());
    w.codex.setScript(script(cc));
    // An interactive client (what the TUI and IDEs are): codex exec prints no hook messages at all.
    const client = await AppServerDriver.start({ cwd: w.sb.repo, env: env() });
    try {
      const thread = await client.startThread(w.sb.repo);
      const events = await client.turn(thread, "launch and wait");
      const entries = hookEntries(events);
      const id = /launched (review-[0-9a-z]+)/.exec(JSON.stringify(events))?.[1];
      expect(id, JSON.stringify(entries)).toBeString();
      const stop = entries.filter((e) => e.event === "stop");
      expect(stop, JSON.stringify(entries)).toEqual([
        { event: "stop", status: "completed", kind: "warning", text: `cc: ${id} (review) finished during this turn — $cc:result ${id}` },
      ]);
      // Three model requests: launch, wait, final answer. The notice added none.
      expect(w.codex.requests.length).toBe(3);
      // The next turn still points the model at it (the user saw a line; the model did not), without a second line for the user.
      const next = hookEntries(await client.turn(thread, "next"));
      expect(
        next.filter((e) => e.kind === "warning"),
        JSON.stringify(next),
      ).toEqual([]);
      expect(
        w.codex.requests
          .at(-1)!
          .developerTexts()
          .some((t) => t.includes(id!) && t.includes(`$cc:result ${id}`)),
      ).toBe(true);
    } finally {
      await client.close();
    }
  });

  test("a subagent thread gets no pointer; a job the subagent starts belongs to the root session, whose next turn is pointed at both", async () => {
    w.sb.writeCodexConfig(w.codex.url);
    cc = await installCc(w.sb, env());
    let childRequests = 0;
    w.codex.setScript((req: any) => {
      if (req.metadata.thread_source === "subagent") {
        childRequests++;
        // The child's prompt went through UserPromptSubmit (with agent_id): no pointer may be there.
        if (nudges(req).length) throw new Error("the subagent got the nudge");
        const started = outputsSinceLastUser(req);
        if (started.length === 0) return codex.exec(`${cc} review --background`);
        return codex.say(`child started ${/(review-[0-9a-z]+)/.exec(started[0]!)?.[1]}`);
      }
      const prompt = turnPrompt(req);
      const outputs = outputsSinceLastUser(req);
      if (prompt !== "delegate") return codex.say(`answer to: ${prompt}`);
      const id = /(review-[0-9a-z]+)/.exec(outputs[0] ?? "")?.[1];
      if (outputs.length === 0) return codex.exec(`${cc} review --background`);
      if (outputs.length === 1) return codex.exec(`${cc} status ${id} --wait`);
      if (outputs.length === 2) return codex.spawnAgent("look around and say done");
      if (outputs.length === 3) return codex.waitAgent(JSON.parse(outputs[2]!).agent_id);
      return codex.say(`delegated after ${id}`);
    });
    const first = await exec(w.sb, "delegate", env());
    expect(w.codex.scriptErrors).toEqual([]);
    expect(first.code, describeRun(first)).toBe(0);
    expect(childRequests).toBe(2);
    const id = /delegated after (review-[0-9a-z]+)/.exec(first.lastMessage)?.[1];
    expect(id, first.lastMessage).toBeString();
    const childJob = /child started (review-[0-9a-z]+)/.exec(JSON.stringify(w.codex.requests.at(-1)!.body.input))?.[1];
    expect(childJob).toBeString();
    expect(await waitFor(async () => (await jobStatus(childJob!)) === "completed", 60000, 250)).toBe(true);
    const before = w.codex.requests.length;
    const second = await exec(w.sb, "next", env(), first.threadId);
    expect(second.code, describeRun(second)).toBe(0);
    const pointer = nudges(w.codex.requests[before]!).join("\n");
    expect(pointer).toContain(id!);
    expect(pointer).toContain(childJob!);
  });

  test("no nudge when the prompt is $cc:status or $cc:result itself", async () => {
    w.sb.writeCodexConfig(w.codex.url);
    cc = await installCc(w.sb, env());
    w.codex.setScript(script(cc));
    const first = await exec(w.sb, "launch", env());
    const id = /launched (review-[0-9a-z]+)/.exec(first.lastMessage)?.[1];
    expect(await waitFor(async () => (await jobStatus(id!)) === "completed", 60000, 250)).toBe(true);
    w.codex.setScript(() => codex.say("status shown"));
    const before = w.codex.requests.length;
    const statusTurn = await exec(w.sb, "$cc:status", env(), first.threadId);
    expect(statusTurn.code, describeRun(statusTurn)).toBe(0);
    expect(nudges(w.codex.requests[before]!).length).toBe(0);
  });
});
