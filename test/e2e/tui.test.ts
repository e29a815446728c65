/**
 * What a person reads in the real interactive Codex TUI (issue 25), in one world and one TUI
 * session: install → `$cc:setup --enable-review-gate` → `$cc:review --background` → a plain prompt
 * (the nudge) → `$cc:status` → `$cc:result` → `$cc:rescue` (an edit, with the gate on) → /quit and
 * `codex resume`. The assertions are on the screen: every hint is a `$cc:` command or names cc by an
 * absolute path, a review row leads with its verdict, no false "did not run" or "failed", and the
 * gate does not review cc's own rescue.
 */
import { afterAll, expect, setDefaultTimeout, test } from "bun:test";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { reply, toolSteps } from "../support/anthropic-mock.ts";
import { BARE_CC } from "../support/bare-cc.ts";
import { run } from "../support/processes.ts";
import { type CodexRequest, codex } from "../support/responses-mock.ts";
import { CodexTui, stopCodexDaemons } from "../support/tui.ts";
import { followSkill } from "./codex-skills.ts";
import { FINDINGS, UxWorld } from "./ux-world.ts";

setDefaultTimeout(300_000);

/** The text of the newest user message, and whether it is a skill Codex injected. */
function lastUser(req: CodexRequest): { text: string; index: number } {
  const input: any[] = req.body.input;
  let index = -1;
  input.forEach((item, i) => {
    if (item?.type === "message" && item.role === "user") index = i;
  });
  const content = input[index]?.content;
  return { text: Array.isArray(content) ? content.map((c: any) => c?.text ?? "").join("") : "", index };
}

/** Codex's model: follows a skill when one was injected for this prompt; otherwise answers, repeating the nudge it was given. */
function model(req: CodexRequest) {
  const { text, index } = lastUser(req);
  if (text.startsWith("<skill>") || req.body.input.slice(index + 1).some((i: any) => i?.type === "function_call")) return followSkill(req);
  const nudge = req.body.input
    .slice(index + 1)
    .filter((i: any) => i?.type === "message" && i.role === "developer")
    .map((i: any) => i.content.map((c: any) => c.text).join(""));
  return codex.say(`PLAIN_ANSWER ${nudge.join(" ").split("\n")[1] ?? "(no nudge)"}`);
}

const world = new UxWorld(model);
const tui = new CodexTui(world.sb.tmp);
/** Everything each step showed (the TUI keeps no scrollback of a session it has left). */
const seen: string[] = [];
const waitFor = async (...args: Parameters<CodexTui["waitFor"]>) => {
  const text = await tui.waitFor(...args);
  seen.push(text);
  return text;
};
afterAll(async () => {
  tui.kill();
  stopCodexDaemons(world.sb.codexHome);
  await world.close();
});

// Claude: findings for a review; for a rescue, one edit and an answer.
world.claude.setScript((req) =>
  req.hasTool("StructuredOutput")
    ? reply.structured(FINDINGS)
    : toolSteps([reply.tool("Bash", { command: "sed -i s/42/43/ src/app.ts", description: "edit" })], reply.text("RESCUE_DONE: the answer is 43."))(req),
);

/** Lines of the screen that name a cc command: each must be a `$cc:` skill or cc by its absolute path. */
function badHints(screen: string): string[] {
  return screen
    .split("\n")
    .filter((line) => BARE_CC.test(line) || /\bon stdin\b|reviewGateMaxBlocks|--fresh leaves|restore by hand|commit or stash/.test(line));
}

// The TUI needs a terminal to draw in: tmux (`.ci/run` installs it; apt-get install tmux).
test.skipIf(!Bun.which("tmux"))("a new user's tour of cc in the Codex TUI reads true, short and typable", async () => {
  world.config("workspace-write");
  appendFileSync(join(world.sb.codexHome, "config.toml"), `\n[projects."${world.sb.repo}"]\ntrust_level = "trusted"\n`);
  const { cc, out } = await world.install(["--yes"]);
  expect(out.stdout.trimEnd().split("\n").at(-1)).toContain("`$cc:setup`");
  // This tour reads the unread nudge at the next prompt; waking the idle thread instead (jobWakeup,
  // on by default) is test/e2e/wakeup.test.ts's, and would leave the nudge nothing to say.
  writeFileSync(join(world.sb.dataDir, "config.json"), `${JSON.stringify({ jobWakeup: false })}\n`, { mode: 0o600 });
  const jobs = async (): Promise<any[]> =>
    JSON.parse((await run([cc, "status", "--all", "--json"], { cwd: world.sb.repo, env: world.env(), timeoutMs: 30000 })).stdout).jobs;

  tui.start({ cwd: world.sb.repo, env: world.env() });
  await waitFor("Ask Codex to do anything", { timeoutMs: 60000 });

  // The turn that turns the gate on is not one the gate failed on.
  await tui.type("$cc:setup --enable-review-gate");
  await waitFor(/cc is ready\.[\s\S]*Worked for/);

  await tui.type("$cc:review --background");
  const launched = await waitFor(/Started review job (review-[0-9a-z]+)/);
  const review = /Started review job (review-[0-9a-z]+)/.exec(launched)![1]!;
  for (let i = 0; i < 120 && (await jobs()).find((j) => j.id === review)?.status !== "completed"; i++) await Bun.sleep(500);

  await tui.type("anything new?");
  const nudged = await waitFor(/PLAIN_ANSWER[\s\S]*Worked for/, { after: "anything new?" });
  expect(nudged).toContain(`cc: ${review} (review) finished — $cc:result ${review}`);
  expect(nudged).toContain(`PLAIN_ANSWER - ${review} (review, finished): needs-attention (1 high) — Review of`);

  await tui.type("$cc:status ");
  const status = await waitFor(/Details: \$cc:status <job>[\s\S]*Worked for/, { after: "$cc:status" });
  const row = status.split("\n").find((l) => l.includes(review) && l.includes("completed"))!;
  expect(row, status).toContain("needs-attention (1 high) — Review of");

  await tui.type(`$cc:result ${review}`);
  await waitFor(/UX_FINDING_TITLE[\s\S]*Worked for/, { after: "$cc:result" });

  // A rescue edits a file while the gate is on: the gate leaves cc's own edit alone.
  await tui.type("$cc:rescue 'make the answer 43'");
  const rescued = await waitFor(/To continue it: \$cc:rescue --resume (rescue-[0-9a-z]+)[\s\S]*Worked for/, { after: "$cc:rescue", timeoutMs: 120000 });
  const rescue = /To continue it: \$cc:rescue --resume (rescue-[0-9a-z]+)/.exec(rescued)![1]!;
  expect(rescued).toContain("RESCUE_DONE");
  expect(rescued).toContain(`Undo: $cc:rescue --undo ${rescue}`);
  await Bun.sleep(1500); // the Stop hook's line, if there were one, comes after the answer
  expect(await waitFor("Worked for", { after: "$cc:rescue" })).not.toContain("cc review gate");
  expect((await jobs()).filter((j) => j.kind === "gate")).toEqual([]);

  // Quit and come back to the same session: the jobs are still there, nothing reads as failed.
  const thread = (await jobs()).find((j) => j.id === rescue).codexSession as string;
  seen.push(tui.screen());
  await tui.type("/quit");
  for (let i = 0; i < 40 && tui.alive(); i++) {
    if (i === 5) tui.keys("Enter");
    await Bun.sleep(250);
  }
  const firstSession = tui.screen();
  tui.start({ cwd: world.sb.repo, env: world.env(), args: ["resume", thread] });
  await waitFor("Ask Codex to do anything", { timeoutMs: 60000 });
  await tui.type("$cc:status ");
  const again = await waitFor(/Details: \$cc:status <job>[\s\S]*Worked for/, { after: "$cc:status" });
  expect(again).toContain(rescue);
  expect(again).toContain(review);

  const everything = [...seen, firstSession, tui.screen()].join("\n");
  expect(badHints(everything)).toEqual([]);
  expect(everything).not.toContain("did not run");
  expect(everything).not.toMatch(/\bfailed\b/);
});
