import { Packr } from 'msgpackr';

/**
 * Length-prefixed MessagePack frames for the pipe channel: [u32 LE length]
 * [the message { seq, sentAt, body } in MessagePack]. The envelope is packed
 * by msgpackr; the body follows as a MessagePack bin32 field written straight
 * from the sender's buffer (the stream's writev), so the sender never copies
 * it. On the wire it is one ordinary MessagePack map: msgpackr's unpack
 * reads it back whole, the body as a view of the frame.
 */
export const FRAME_LENGTH_BYTES = 4;
const BODY_KEY = Buffer.from([0xa4, ...Buffer.from('body', 'latin1')]);
const BIN32 = 0xc6;
/** The bin32 tag and its big-endian u32 length. */
const BIN32_HEADER_BYTES = 5;
const MAP16 = 0xde;
const FIXMAP = 0x80;

export interface Envelope {
  seq: number;
  sentAt: number;
}

export class FrameHeads {
  private readonly packr = new Packr({ useRecords: false });

  /** Everything of a frame up to its body: length prefix, envelope, body key and bin32 header. */
  head(envelope: Envelope, bodyBytes: number): Buffer {
    const packed = this.packr.pack(envelope);
    const head = Buffer.allocUnsafe(FRAME_LENGTH_BYTES + packed.length + BODY_KEY.length + BIN32_HEADER_BYTES);
    head.writeUInt32LE(packed.length + BODY_KEY.length + BIN32_HEADER_BYTES + bodyBytes, 0);
    packed.copy(head, FRAME_LENGTH_BYTES);
    addOneEntry(head, FRAME_LENGTH_BYTES);
    let offset = FRAME_LENGTH_BYTES + packed.length;
    offset += BODY_KEY.copy(head, offset);
    head[offset] = BIN32;
    head.writeUInt32BE(bodyBytes, offset + 1);
    return head;
  }
}

/** Counts one more key in the map header at `at` (msgpackr writes objects as map16, small ones possibly as fixmap). */
function addOneEntry(buffer: Buffer, at: number): void {
  const tag = buffer[at]!;
  if (tag === MAP16) buffer.writeUInt16BE(buffer.readUInt16BE(at + 1) + 1, at + 1);
  else if ((tag & 0xf0) === FIXMAP && tag < 0x8f) buffer[at] = tag + 1;
  else throw new Error(`unexpected MessagePack map header 0x${tag.toString(16)}`);
}

/** Bytes each read may take from the pipe: a static buffer, as the raw-pipe ceiling reads too. */
export const READ_BUFFER_BYTES = 1 << 20;

/**
 * Cuts frames out of the reads of a stream. Reads land in one reused buffer
 * (net.Socket's `onread`); every frame is copied once into a buffer of its
 * own, so a message stays valid after its handler returns, as with every
 * other channel.
 */
export class FrameReader {
  private frame: Buffer | undefined;
  private filled = 0;
  private readonly lengthBytes = Buffer.alloc(FRAME_LENGTH_BYTES);
  private lengthFilled = 0;

  constructor(private readonly onFrame: (frame: Buffer) => void) {}

  /** Takes the `count` bytes just read into `chunk`. */
  push(chunk: Buffer, count: number): void {
    let at = 0;
    if (this.frame) at = this.fill(chunk, 0, count);
    while (at < count) {
      let length: number;
      if (this.lengthFilled === 0 && count - at >= FRAME_LENGTH_BYTES) {
        length = chunk.readUInt32LE(at);
        at += FRAME_LENGTH_BYTES;
      } else {
        while (this.lengthFilled < FRAME_LENGTH_BYTES && at < count) this.lengthBytes[this.lengthFilled++] = chunk[at++]!;
        if (this.lengthFilled < FRAME_LENGTH_BYTES) return;
        length = this.lengthBytes.readUInt32LE(0);
        this.lengthFilled = 0;
      }
      this.frame = Buffer.allocUnsafe(length);
      this.filled = 0;
      at = this.fill(chunk, at, count);
    }
  }

  private fill(chunk: Buffer, at: number, count: number): number {
    const frame = this.frame!;
    const take = Math.min(frame.length - this.filled, count - at);
    chunk.copy(frame, this.filled, at, at + take);
    this.filled += take;
    if (this.filled === frame.length) {
      this.frame = undefined;
      this.onFrame(frame);
    }
    return at + take;
  }
}
