import type { BurstReport, FromReceiver, ToReceiver } from '../../../workloads/channel/protocol.js';

/** What one burst measured, on the sender's side of the clock. */
export interface BurstOutcome {
  report: BurstReport;
  /** From the first send call to the receiver taking the last message, on the shared monotonic clock. */
  durationMs: number;
}

export function outcome(report: BurstReport, startedAtMs: number): BurstOutcome {
  return { report, durationMs: Math.max(1e-3, report.lastAtMs - startedAtMs) };
}

const BYTES_IN_FLIGHT = 4 << 20;

/**
 * Messages a sender keeps in flight on every channel — unacknowledged on a
 * MessagePort, unwritten on IPC, queued on the pipe, unread in the ring —
 * so latencies compare: about 4 MiB, between 4 and 256 messages.
 */
export function messagesInFlight(payloadBytes: number): number {
  return Math.max(4, Math.min(256, Math.round(BYTES_IN_FLIGHT / payloadBytes)));
}

/**
 * The orchestrator's end of a receiver's control path, for a worker and a
 * child alike: one reply awaited at a time, and a receiver that fails or
 * exits turns every pending wait into a rejection instead of a hang.
 */
export class ReceiverLink {
  private waiting: ((message: FromReceiver) => void) | undefined;
  private reason: Error | undefined;
  /** Rejecters of the guarded waits still pending (a Set, not a race with one long-lived promise, which would keep every wait). */
  private readonly pending = new Set<(error: Error) => void>();

  constructor(
    private readonly name: string,
    private readonly post: (message: ToReceiver) => void,
  ) {}

  /** Feed every control message from the receiver here. */
  deliver(message: FromReceiver): void {
    if (message.type === 'failed') return this.lost(`failed: ${message.message}`);
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(message);
  }

  /** The receiver failed, exited or errored: every wait, now or later, rejects with this reason. */
  lost(reason: string): void {
    if (this.reason) return;
    this.reason = new Error(`${this.name} ${reason}`);
    for (const reject of this.pending) reject(this.reason);
    this.pending.clear();
  }

  get alive(): boolean {
    return this.reason === undefined;
  }

  /** Settles with `work`, or rejects as soon as the receiver is lost. */
  guard<T>(work: Promise<T>): Promise<T> {
    if (this.reason) return Promise.reject(this.reason);
    return new Promise<T>((resolve, reject) => {
      this.pending.add(reject);
      work.then(
        (value) => {
          this.pending.delete(reject);
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(reject);
          reject(error);
        },
      );
    });
  }

  send(message: ToReceiver): void {
    if (this.reason) throw this.reason;
    this.post(message);
  }

  /** The next reply, which must be of the given type. */
  next<T extends FromReceiver['type']>(type: T): Promise<Extract<FromReceiver, { type: T }>> {
    const reply = new Promise<Extract<FromReceiver, { type: T }>>((resolve, reject) => {
      this.waiting = (message) => {
        if (message.type === type) resolve(message as Extract<FromReceiver, { type: T }>);
        else reject(new Error(`${this.name} said ${message.type} where ${type} was due`));
      };
    });
    return this.guard(reply);
  }

  /**
   * Announces a burst and waits until the receiver listens for it; `report`
   * settles when the receiver has all of it (already guarded, so a sender
   * that is still sending never leaves it unhandled).
   */
  async arm(message: ToReceiver): Promise<{ report: Promise<BurstReport> }> {
    const armed = this.next('armed');
    this.send(message);
    await armed;
    const report = this.next('done').then((done) => done.report);
    report.catch(() => {});
    return { report };
  }
}
