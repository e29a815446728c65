/** A job's conversation (`cc steer` messages and their replies) for `cc status` and `cc result`. Pure. */
import type { Job, JobMessage } from "../jobs/types.ts";
import { ccCommand, type HintStyle } from "../lib/invocation.ts";
import { plural } from "./format.ts";

const flat = (text: string) => text.replace(/\s+/g, " ").trim();
const cut = (text: string, max: number) => {
  const line = flat(text);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

type MessageState = "replied" | "delivered" | "pending" | "undelivered" | "moved";

/** What became of a message, given whether its job still runs. */
function messageState(message: JobMessage, jobActive: boolean): MessageState {
  if (message.movedTo) return "moved";
  if (message.repliedAt !== null) return "replied";
  if (message.deliveredAt !== null) return "delivered";
  if (message.undeliveredAt !== null || !jobActive) return "undelivered";
  return "pending";
}

const steers = (messages: JobMessage[]) => messages.filter((m) => m.role === "steer");

/** How to send a message again once its job can no longer take it. */
const resendHint = (job: Job, style: HintStyle) =>
  ccCommand(style, "rescue", "--resume", job.kind === "rescue" ? job.id : (job.claudeSession ?? job.id), "<message>");

function stateText(job: Job, m: JobMessage, active: boolean, style: HintStyle): string {
  switch (messageState(m, active)) {
    case "moved":
      return `continued in ${m.movedTo}`;
    case "pending":
      return "waiting: Claude reads it when its current step ends";
    case "delivered":
      return active ? "Claude is on it" : "delivered; the run ended before replying to it";
    case "undelivered":
      return `NOT delivered (the run ended first); send it again with \`${resendHint(job, style)}\``;
    case "replied":
      return m.reply ? `reply: “${cut(m.reply, 100)}”` : "replied";
  }
}

/** The lines `cc status <job>` adds: the question a parked job asks, and each message with what became of it. */
export function conversationDetail(job: Job, messages: JobMessage[], question: string | null, style: HintStyle, active: boolean): string[] {
  const out: string[] = [];
  if (question) out.push("", `Claude asks: ${question}`, `Answer:      \`${ccCommand(style, "steer", job.id, "<answer>")}\``);
  const sent = steers(messages);
  if (sent.length === 0) return out;
  out.push("", `Conversation: ${plural(sent.length, "follow-up")}`);
  for (const [i, m] of sent.entries()) out.push(`  ${i + 1}. “${cut(m.text, 80)}” — ${stateText(job, m, active, style)}`);
  return out;
}

/** The text `cc result` adds after the final answer: each message (cut) with its full reply. */
export function conversationResult(job: Job, messages: JobMessage[], question: string | null, style: HintStyle): string {
  const out: string[] = [];
  const sent = steers(messages);
  if (sent.length > 0) {
    const final = flat(job.resultText ?? "");
    const task = messages.find((m) => m.role === "task");
    out.push("", `--- Conversation: ${plural(sent.length, "follow-up")} ---`);
    if (task?.reply && flat(task.reply) !== final) out.push("", "Reply to the task:", task.reply.trim());
    sent.forEach((m, i) => {
      out.push("", `Follow-up ${i + 1}: “${cut(m.text, 200)}”`);
      const state = messageState(m, false);
      if (state === "replied" && m.reply) out.push(flat(m.reply) === final ? "(its reply is the final answer above)" : m.reply.trim());
      else out.push(stateText(job, m, false, style));
    });
  }
  if (question) out.push("", `Claude is waiting for an answer: ${question}`, `Answer it: \`${ccCommand(style, "steer", job.id, "<answer>")}\``);
  return out.length ? `${out.join("\n")}\n` : "";
}

/** The conversation as `--json` carries it: one entry per message. */
export function conversationJson(messages: JobMessage[], active: boolean) {
  return steers(messages).map((m) => ({
    text: m.text,
    sentAt: m.createdAt,
    state: messageState(m, active),
    reply: m.reply,
    movedTo: m.movedTo,
  }));
}
