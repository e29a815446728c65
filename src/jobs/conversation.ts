/**
 * The job side of a steerable run: messages recorded for the job (src/jobs/messages.ts) are written
 * to claude's open input as they come, each turn's text is stored as the reply to the messages it
 * took, and claude's input is closed when a turn ends with nothing pending, which ends the run.
 * A turn that failed ends the conversation too: what was not taken stays undelivered, not lost.
 */
import type { ClaudeEvent, ClaudeRun } from "../claude/types.ts";
import { MessageStore } from "./messages.ts";
import type { JobStore } from "./store.ts";

/** How often the job's process looks for new messages (a steer is seen within this). */
const POLL_MS = 300;

export class Conversation {
  private readonly messages: MessageStore;
  private run: ClaudeRun | null = null;
  private replays = 0;
  private turns = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  /** An interrupt was sent: the turn it aborts ends with an error result that does not end the conversation. */
  private aborting = false;

  constructor(
    store: JobStore,
    private readonly jobId: string,
  ) {
    this.messages = new MessageStore(store);
  }

  /** claude started: deliver what is already waiting, then keep looking. */
  attach(run: ClaudeRun): void {
    this.run = run;
    this.deliver();
    this.timer = setInterval(() => this.deliver(), POLL_MS);
  }

  private deliver(): void {
    if (this.closed || !this.run) return;
    try {
      for (const message of this.messages.unsent(this.jobId)) {
        if (!this.run.send(message.text, { interrupt: message.interrupt })) return;
        if (message.interrupt) this.aborting = true;
        this.messages.markSent(message.id);
      }
    } catch {
      /* a locked database: the next look retries */
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.stop();
    this.run?.endInput();
  }

  onEvent(event: ClaudeEvent): void {
    try {
      if (event.type === "user_message") {
        // The first echo is the prompt itself; each later one is the oldest message sent.
        if (++this.replays > 1) this.messages.markNextDelivered(this.jobId);
      } else if (event.type === "result") {
        if (++this.turns === 1) this.messages.recordTaskReply(this.jobId, event.result.text);
        // The turn an interrupt aborted: the message it made way for is answered by the next one.
        if (event.result.isError && this.aborting && /^aborted/.test(event.result.terminalReason ?? "")) {
          this.aborting = false;
          return;
        }
        this.messages.recordReply(this.jobId, event.result.text);
        if (event.result.isError) {
          this.close();
          return;
        }
        this.aborting = false; // the interrupt found no turn to abort
        this.deliver();
        if (this.messages.inFlight(this.jobId) === 0) this.close();
      }
    } catch {
      // The store refused (locked, full disk): end the conversation rather than leave claude waiting.
      if (event.type === "result") this.close();
    }
  }

  /** The run is ending (cancel, watchdog, exit): stop looking for messages. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
