/**
 * The orchestrator's end of a channel: messages that arrive before anyone
 * listens are kept, in order, and handed over when a listener is set.
 */
export class Inbox {
  private listener: ((message: unknown) => void) | undefined;
  private early: unknown[] = [];

  deliver(message: unknown): void {
    if (this.listener) this.listener(message);
    else this.early.push(message);
  }

  listen(listener: (message: unknown) => void): void {
    this.listener = listener;
    const early = this.early;
    this.early = [];
    for (const message of early) listener(message);
  }
}
