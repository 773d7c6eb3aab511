import { ProcessReceiver, type IpcSerialization } from './process-channels.js';
import { isThreadChannel, type ChannelKind } from '../../../workloads/channel/protocol.js';
import type { BurstOutcome } from './receiver-link.js';
import { ThreadReceiver, memoryCopyBytesPerSec } from './thread-channels.js';

/** One channel with its receiver started: bursts of messages, and the raw ceiling measured on the same machinery. */
export interface ChannelSession {
  readonly kind: ChannelKind;
  /** `threads` or `processes`: where the receiver lives. */
  readonly side: 'threads' | 'processes';
  /** The receiver's process, for a process channel. */
  readonly pid: number | undefined;
  /** How long the receiver took to start and answer. */
  readonly startMs: number;
  burst(body: Buffer, messages: number): Promise<BurstOutcome>;
  /** Bytes per second of the raw medium for the same messages: a memory copy (threads), a bare pipe write (processes). */
  ceilingBytesPerSec(body: Buffer, messages: number): Promise<number>;
  close(): Promise<void>;
}

export async function openChannel(kind: ChannelKind, serialization: IpcSerialization = 'advanced'): Promise<ChannelSession> {
  const started = performance.now();
  if (isThreadChannel(kind)) {
    const receiver = await ThreadReceiver.start(kind);
    return {
      kind,
      side: 'threads',
      pid: undefined,
      startMs: performance.now() - started,
      burst: (body, messages) => receiver.burst(body, messages),
      ceilingBytesPerSec: async (body, messages) => memoryCopyBytesPerSec(body, messages),
      close: () => receiver.close(),
    };
  }
  const receiver = await ProcessReceiver.start(kind, serialization);
  return {
    kind,
    side: 'processes',
    pid: receiver.pid,
    startMs: performance.now() - started,
    burst: (body, messages) => receiver.burst(body, messages),
    ceilingBytesPerSec: async (body, messages) => {
      const raw = await receiver.rawPipe(body, messages);
      return raw.report.bytes / (raw.durationMs / 1000);
    },
    close: () => receiver.close(),
  };
}

/**
 * Receivers kept across the repetitions of a case, so that only the first
 * (the runner's warm-up) pays for starting them and warming V8's code and
 * heaps on both ends: one per channel kind and serialization, all closed
 * when the run moves on to another parameter point, and at the end.
 */
export class ChannelSessions {
  private readonly open = new Map<string, Promise<ChannelSession>>();
  private point = '';

  async acquire(point: string, kind: ChannelKind, serialization: IpcSerialization): Promise<ChannelSession> {
    if (point !== this.point) {
      await this.closeAll();
      this.point = point;
    }
    const key = `${kind}/${serialization}`;
    let session = this.open.get(key);
    if (!session) {
      session = openChannel(kind, serialization);
      this.open.set(key, session);
      session.catch(() => this.open.delete(key));
    }
    return session;
  }

  /** Closes a session that failed, so the next repetition starts a fresh receiver. */
  async discard(session: ChannelSession): Promise<void> {
    for (const [key, candidate] of this.open) {
      if ((await candidate.catch(() => undefined)) === session) this.open.delete(key);
    }
    await session.close();
  }

  async closeAll(): Promise<void> {
    const sessions = [...this.open.values()];
    this.open.clear();
    await Promise.all(sessions.map((session) => session.then((opened) => opened.close(), () => {})));
  }
}
