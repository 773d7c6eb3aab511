import type { Tally } from './protocol.js';

/**
 * A single-producer single-consumer ring of variable-length messages in a
 * SharedArrayBuffer. The producer (the orchestrator) copies each message in
 * once; the consumer (a worker) reads it where it lies and releases it, so a
 * message costs one copy and no allocation.
 *
 * Layout: four cache lines of control words (head, tail and the two waiting
 * flags, each on a line of its own, so producer and consumer do not
 * false-share), then `capacity` bytes of slots: [u32 length][u32 seq][f64 sentAtMs][body],
 * 8-byte aligned. A slot never wraps: at the end of the buffer the producer
 * writes a wrap marker and starts again at offset 0. Head and tail count
 * bytes modulo 2^32; capacity is a power of two, so offsets stay consistent.
 * Like every channel of the suite, the producer keeps at most a given number
 * of messages in flight, whatever room the ring has left.
 */
const HEAD = 0;
const TAIL = 16;
/** Messages the consumer has taken, beside the tail (the same cache line, written together). */
const TAKEN = 17;
const CONSUMER_WAITING = 32;
const PRODUCER_WAITING = 48;
const CONTROL_BYTES = 256;
const SLOT_HEADER_BYTES = 16;
const WRAP_MARKER = 0xffffffff;
/** Atomics.load polls before sleeping (some tens of µs): longer than the other side takes for a 64 KiB message. */
const SPINS = 2000;
/** Below this size TypedArray.set is cheaper; above it Buffer.fill copies into shared memory at memcpy speed. */
const FILL_FROM_BYTES = 8192;
/** Longest a side sleeps before checking again that the other is still there. */
const WAIT_SLICE_MS = 200;

/** Atomics.waitAsync (V8 has it since Node 16; TypeScript's ES2022 lib does not describe it). */
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): { async: boolean; value: Promise<string> | string };
}).waitAsync.bind(Atomics);

function slotBytes(payloadBytes: number): number {
  return (SLOT_HEADER_BYTES + payloadBytes + 7) & ~7;
}

/** A ring of at least 1 MiB and three messages, as a power of two: small enough to stay in cache where it can. */
export function ringCapacity(payloadBytes: number): number {
  let capacity = 1 << 20;
  while (capacity < 3 * slotBytes(payloadBytes)) capacity *= 2;
  return capacity;
}

/**
 * A ring for messages of this size: `reuse` itself, emptied, when it is
 * large enough (a fresh SharedArrayBuffer would page-fault on every first
 * write, and that is not what a message costs), else a new one.
 */
export function ringFor(payloadBytes: number, reuse?: SharedArrayBuffer): SharedArrayBuffer {
  const capacity = ringCapacity(payloadBytes);
  if (reuse && reuse.byteLength - CONTROL_BYTES === capacity) {
    new Int32Array(reuse, 0, CONTROL_BYTES / 4).fill(0);
    return reuse;
  }
  return new SharedArrayBuffer(CONTROL_BYTES + capacity);
}

class RingView {
  protected readonly control: Int32Array;
  protected readonly data: DataView;
  protected readonly bytes: Uint8Array;
  protected readonly capacity: number;

  constructor(ring: SharedArrayBuffer) {
    this.capacity = ring.byteLength - CONTROL_BYTES;
    this.control = new Int32Array(ring, 0, CONTROL_BYTES / 4);
    this.data = new DataView(ring, CONTROL_BYTES, this.capacity);
    this.bytes = new Uint8Array(ring, CONTROL_BYTES, this.capacity);
  }
}

export class RingProducer extends RingView {
  private head = 0;
  private written = 0;
  /** The consumer's tail and count as last read: re-read only when they say the ring is full, so most messages cost no read of the consumer's line. */
  private tailSeen = 0;
  private takenSeen = 0;
  /**
   * V8 copies into shared memory with relaxed atomic word stores (a quarter of
   * memcpy speed for TypedArray.set and Buffer.copy); Buffer.fill with a
   * Buffer value is a plain memcpy into the backing store.
   */
  private readonly target: Buffer;

  constructor(
    ring: SharedArrayBuffer,
    private readonly maxInFlight: number,
    private readonly stillThere: () => boolean,
  ) {
    super(ring);
    this.target = Buffer.from(ring, CONTROL_BYTES, this.capacity);
  }

  /**
   * Undefined when a message of `length` bytes fits now (the common case,
   * with no promise and no turn of the event loop); else a promise that
   * settles once it fits, spinning first, then waiting without blocking the
   * event loop.
   */
  roomFor(length: number): Promise<void> | undefined {
    const needed = this.needed(length);
    if (this.fits(needed, false) || this.fits(needed, true)) return undefined;
    return this.waitForRoom(needed);
  }

  /** Copies one message in; call once roomFor() has said it fits. */
  write(seq: number, sentAtMs: number, body: Buffer): void {
    const length = body.length;
    let offset = this.head & (this.capacity - 1);
    if (offset + slotBytes(length) > this.capacity) {
      this.data.setUint32(offset, WRAP_MARKER, true);
      this.head = (this.head + (this.capacity - offset)) | 0;
      offset = 0;
    }
    this.data.setUint32(offset, length, true);
    this.data.setUint32(offset + 4, seq, true);
    this.data.setFloat64(offset + 8, sentAtMs, true);
    const start = offset + SLOT_HEADER_BYTES;
    if (length >= FILL_FROM_BYTES) this.target.fill(body, start, start + length);
    else this.bytes.set(body, start);
    this.head = (this.head + slotBytes(length)) | 0;
    this.written++;
    Atomics.store(this.control, HEAD, this.head);
    if (Atomics.load(this.control, CONSUMER_WAITING) !== 0) Atomics.notify(this.control, HEAD);
  }

  /** The slot, plus what a wrap marker skips at the end of the buffer. */
  private needed(length: number): number {
    const slot = slotBytes(length);
    const offset = this.head & (this.capacity - 1);
    return offset + slot > this.capacity ? slot + this.capacity - offset : slot;
  }

  private fits(needed: number, reread: boolean): boolean {
    if (reread) {
      this.tailSeen = Atomics.load(this.control, TAIL);
      this.takenSeen = Atomics.load(this.control, TAKEN);
    }
    return this.capacity - ((this.head - this.tailSeen) >>> 0) >= needed && this.written - this.takenSeen < this.maxInFlight;
  }

  private async waitForRoom(needed: number): Promise<void> {
    for (let spin = 0; spin < SPINS; spin++) if (this.fits(needed, true)) return;
    while (!this.fits(needed, true)) {
      if (!this.stillThere()) throw new Error('the ring’s consumer went away');
      Atomics.store(this.control, PRODUCER_WAITING, 1);
      if (!this.fits(needed, true)) {
        const waiting = waitAsync(this.control, TAIL, this.tailSeen, WAIT_SLICE_MS);
        if (waiting.async) await waiting.value;
      }
      Atomics.store(this.control, PRODUCER_WAITING, 0);
    }
  }
}

export class RingConsumer extends RingView {
  private tail = 0;

  /** Reads `messages` messages into the tally, blocking this worker while the ring is empty. */
  receive(messages: number, tally: Tally): void {
    const { control, data, bytes } = this;
    const mask = this.capacity - 1;
    let tail = this.tail;
    while (tally.received < messages) {
      let head = Atomics.load(control, HEAD);
      for (let spin = 0; head === tail && spin < SPINS; spin++) head = Atomics.load(control, HEAD);
      if (head === tail) {
        Atomics.store(control, CONSUMER_WAITING, 1);
        if (Atomics.load(control, HEAD) === tail) Atomics.wait(control, HEAD, tail, WAIT_SLICE_MS);
        Atomics.store(control, CONSUMER_WAITING, 0);
        continue;
      }
      while (tail !== head) {
        const offset = tail & mask;
        const length = data.getUint32(offset, true);
        if (length === WRAP_MARKER) {
          tail = (tail + (this.capacity - offset)) | 0;
          continue;
        }
        const start = offset + SLOT_HEADER_BYTES;
        tally.addBytes(data.getUint32(offset + 4, true), data.getFloat64(offset + 8, true), bytes.subarray(start, start + length));
        tail = (tail + slotBytes(length)) | 0;
        Atomics.store(control, TAKEN, tally.received);
        Atomics.store(control, TAIL, tail);
        if (Atomics.load(control, PRODUCER_WAITING) !== 0) Atomics.notify(control, TAIL);
      }
    }
    this.tail = tail;
  }
}
