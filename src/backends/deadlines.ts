/**
 * Per-task timeouts for pools where every task has the same limit: deadlines
 * then expire in the order they were set, so one FIFO queue and a single
 * timer replace a timer (and, for piscina, an AbortSignal) per task, which
 * cost a measurable share of a trivial task's round trip.
 */
export class DeadlineQueue {
  private readonly entries: Array<{ deadline: number; expire: (() => void) | undefined }> = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number) {}

  /** Calls `expire` once the limit has passed, unless the returned function is called first. */
  add(expire: () => void): () => void {
    const entry = { deadline: performance.now() + this.timeoutMs, expire: expire as (() => void) | undefined };
    this.entries.push(entry);
    if (!this.timer) this.arm();
    return () => {
      entry.expire = undefined;
    };
  }

  private arm(): void {
    while (this.head < this.entries.length && !this.entries[this.head]!.expire) this.head++;
    if (this.head > 1024) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
    const next = this.entries[this.head];
    this.timer = next ? setTimeout(() => this.fire(), Math.max(0, next.deadline - performance.now())) : undefined;
    // The pool keeps the process alive while tasks run; a deadline alone must not (a closed pool's cancelled entries).
    this.timer?.unref();
  }

  private fire(): void {
    const now = performance.now();
    while (this.head < this.entries.length && this.entries[this.head]!.deadline <= now) {
      const entry = this.entries[this.head++]!;
      const expire = entry.expire;
      entry.expire = undefined;
      expire?.();
    }
    this.arm();
  }
}

/** An abort signal in the EventEmitter style piscina accepts, for one task, far cheaper than an AbortSignal. */
export class TaskAbortSignal {
  aborted = false;
  reason: unknown;
  private listener: (() => void) | undefined;

  once(_event: 'abort', listener: () => void): void {
    this.listener = listener;
  }

  /** piscina calls removeListener; its type declarations name off. */
  removeListener(): void {
    this.listener = undefined;
  }

  off(): void {
    this.listener = undefined;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.listener?.();
  }
}
