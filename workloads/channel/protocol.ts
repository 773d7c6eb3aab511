import { Checksum } from '../../src/kernel/random.js';
import { createHistogram, encodeHistogram, recordMs, type Histogram } from '../../src/kernel/histogram.js';

/**
 * What the orchestrator and a channel's receiver (a worker thread or a
 * forked child running workloads/throughput.ts) agree on: the channel kinds,
 * the control messages around a burst, the payload, and how a receiver folds
 * what it got into a checksum and a latency histogram.
 */

/** Channels between the orchestrator and a worker thread. */
export const THREAD_CHANNELS = ['port-copy', 'port-transfer', 'shared-ring'] as const;
/** Channels between the orchestrator and a forked child; `ipc` takes the side's serialization (json or advanced). */
export const PROCESS_CHANNELS = ['ipc', 'pipe-msgpackr'] as const;

export type ThreadChannel = (typeof THREAD_CHANNELS)[number];
export type ProcessChannel = (typeof PROCESS_CHANNELS)[number];
export type ChannelKind = ThreadChannel | ProcessChannel;

export function isThreadChannel(kind: string): kind is ThreadChannel {
  return (THREAD_CHANNELS as readonly string[]).includes(kind);
}

/** Marks a worker or a child as a throughput receiver (workerData key, and argv flag of a child). */
export const RECEIVER_FLAG = '--lab-throughput-receiver';

/**
 * Orchestrator → receiver, on the control path (parentPort, or IPC for a
 * child): a burst of messages on the receiver's channel (`ackEvery`: how
 * often a MessagePort receiver grants credit; `ring`: the shared ring), or
 * raw bytes on the pipe.
 */
export type ToReceiver =
  | { type: 'burst'; messages: number; ackEvery?: number; ring?: SharedArrayBuffer }
  | { type: 'raw'; bytes: number };

/** Receiver → orchestrator, on the control path. */
export type FromReceiver =
  | { type: 'ready' }
  /** The receiver is listening for the burst: the clock may start. */
  | { type: 'armed' }
  | { type: 'done'; report: BurstReport }
  | { type: 'failed'; message: string };

/** What a receiver saw in one burst. */
export interface BurstReport {
  received: number;
  /** Bytes of payload received (raw bursts: bytes read from the pipe). */
  bytes: number;
  checksum: string;
  /** One-way latency of every message, HDR compressed base64. */
  histogram: string;
  /** When the last message (or byte) arrived, on the shared monotonic clock. */
  lastAtMs: number;
}

/**
 * Milliseconds on CLOCK_MONOTONIC, the clock every thread and process of the
 * machine shares, so a receiver can time a message the sender stamped.
 */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}

/**
 * The payload every channel carries: `payloadBytes` of ASCII, the same bytes
 * for the same seed everywhere. It owns its ArrayBuffer (never a slice of
 * Buffer's shared pool), since structured clone copies a view's whole buffer.
 */
export function payloadTemplate(payloadBytes: number, seed: number): Buffer {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const shift = seed % alphabet.length;
  const unit = Buffer.from(alphabet.slice(shift) + alphabet.slice(0, shift), 'latin1');
  const body = Buffer.allocUnsafeSlow(payloadBytes);
  for (let offset = 0; offset < payloadBytes; offset += unit.length) unit.copy(body, offset, 0, Math.min(unit.length, payloadBytes - offset));
  return body;
}

/**
 * What a receiver folds per message: its sequence number, its length and
 * three bytes (first, middle, last). Reading every byte in JavaScript would
 * cost more than most channels, so a receiver proves arrival, order and
 * framing, and the orchestrator compares the result with expectedChecksum().
 */
export class Tally {
  readonly latency: Histogram = createHistogram();
  received = 0;
  bytes = 0;
  lastAtMs = 0;
  private readonly checksum = new Checksum();

  /** Folds one message; throws when it arrives out of order. */
  add(seq: number, sentAtMs: number, length: number, first: number, middle: number, last: number): void {
    if (seq !== this.received) throw new Error(`message ${seq} arrived where ${this.received} was due`);
    const now = monotonicMs();
    recordMs(this.latency, now - sentAtMs);
    this.checksum.add(seq).add(length).add(first).add(middle).add(last);
    this.received++;
    this.bytes += length;
    this.lastAtMs = now;
  }

  addBytes(seq: number, sentAtMs: number, body: Uint8Array): void {
    const length = body.length;
    this.add(seq, sentAtMs, length, body[0]!, body[length >> 1]!, body[length - 1]!);
  }

  addText(seq: number, sentAtMs: number, body: string): void {
    const length = body.length;
    this.add(seq, sentAtMs, length, body.charCodeAt(0), body.charCodeAt(length >> 1), body.charCodeAt(length - 1));
  }

  report(): BurstReport {
    return { received: this.received, bytes: this.bytes, checksum: this.checksum.hex(), histogram: encodeHistogram(this.latency), lastAtMs: this.lastAtMs };
  }
}

/** The checksum a receiver must report for `messages` copies of `template` in order. */
export function expectedChecksum(template: Uint8Array, messages: number): string {
  const checksum = new Checksum();
  const length = template.length;
  for (let seq = 0; seq < messages; seq++) {
    checksum.add(seq).add(length).add(template[0]!).add(template[length >> 1]!).add(template[length - 1]!);
  }
  return checksum.hex();
}
