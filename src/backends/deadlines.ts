/** One deadline in a DeadlineQueue; `item` is cleared when it is cancelled or has expired. */
export interface Deadline<T> {
  readonly at: number;
  item: T | undefined;
}

/**
 * Per-task timeouts for pools where every task has the same limit: deadlines
 * then expire in the order they were set, so one FIFO queue and a single
 * timer replace a timer (and, for piscina, an AbortSignal) per task, which
 * cost a measurable share of a trivial task's round trip. The queue holds
 * plain items and calls one `expire` for all, so setting a deadline allocates
 * no closure; cancelled deadlines leave the queue at once from its front and
 * in bulk from behind a long task, so it holds about as many entries as there
 * are tasks in flight, not every task of the last timeout period (which kept
 * them alive into old-space collections).
 */
export class DeadlineQueue<T> {
  private entries: Array<Deadline<T>> = [];
  private head = 0;
  /** Deadlines neither cancelled nor expired. */
  private live = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly expire: (item: T) => void,
  ) {}

  /** Calls `expire(item)` once the limit has passed, unless `cancel` is called first with the returned deadline. */
  add(item: T): Deadline<T> {
    const entry: Deadline<T> = { at: performance.now() + this.timeoutMs, item };
    this.entries.push(entry);
    this.live++;
    if (!this.timer) this.arm();
    return entry;
  }

  cancel(entry: Deadline<T>): void {
    if (entry.item === undefined) return;
    entry.item = undefined;
    this.live--;
    this.dropSettled();
  }

  /** Entries the queue holds: the live deadlines and cancelled ones not yet dropped. */
  get held(): number {
    return this.entries.length - this.head;
  }

  private dropSettled(): void {
    const { entries } = this;
    let head = this.head;
    while (head < entries.length && entries[head]!.item === undefined) head++;
    const held = entries.length - head;
    if (held > 1024 && held > 4 * this.live) {
      this.entries = entries.filter((entry, index) => index >= head && entry.item !== undefined);
      head = 0;
    } else if (head > 1024 && head * 2 > entries.length) {
      entries.splice(0, head);
      head = 0;
    }
    this.head = head;
  }

  private arm(): void {
    this.dropSettled();
    const next = this.entries[this.head];
    this.timer = next ? setTimeout(() => this.fire(), Math.max(0, next.at - performance.now())) : undefined;
    // The pool keeps the process alive while tasks run; a deadline alone must not (a closed pool's cancelled entries).
    this.timer?.unref();
  }

  private fire(): void {
    const now = performance.now();
    // `expire` may add or cancel deadlines, which can compact the queue: read it afresh each time.
    while (this.head < this.entries.length && this.entries[this.head]!.at <= now) {
      const entry = this.entries[this.head++]!;
      const item = entry.item;
      if (item === undefined) continue;
      entry.item = undefined;
      this.live--;
      this.expire(item);
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
