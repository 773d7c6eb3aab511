/**
 * The binary WebSocket messages between the client driver and the suite's
 * servers. Every frame starts with a 9-byte header, then the payload:
 *
 *   byte 0     kind
 *   bytes 1–4  seed of the message (uint32, big-endian): what the CPU work derives from
 *   bytes 5–8  requests: belief updates to run; replies: the 32-bit digest they produced
 *
 * A server turns a request into its reply in place (kind and bytes 5–8), so
 * an echo returns the client's payload byte for byte without a copy.
 */
export const HEADER_BYTES = 9;

export const FrameKind = {
  /** Client → server: compute, then answer on this connection with an ECHO_REPLY. */
  ECHO: 1,
  ECHO_REPLY: 2,
  /** Client → server: compute once, then send a BROADCAST to every connection of the server (the cluster's included). */
  BROADCAST_REQUEST: 3,
  BROADCAST: 4,
  /** Server → client: the CPU work failed; the payload is the message, UTF-8. */
  ERROR: 5,
} as const;

/** A request: header, then `payloadBytes` bytes that repeat the seed, so every message's payload differs. */
export function requestFrame(kind: number, seed: number, steps: number, payloadBytes: number): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payloadBytes);
  frame[0] = kind;
  frame.writeUInt32BE(seed, 1);
  frame.writeUInt32BE(steps, 5);
  if (payloadBytes > 0) frame.fill(frame.subarray(1, 5), HEADER_BYTES);
  return frame;
}

export function kindOf(frame: Buffer): number {
  return frame[0]!;
}

export function seedOf(frame: Buffer): number {
  return frame.readUInt32BE(1);
}

/** A request's belief updates, or a reply's digest. */
export function wordOf(frame: Buffer): number {
  return frame.readUInt32BE(5);
}

/** Rewrites a request into its reply, in place. */
export function toReply(frame: Buffer, kind: number, digest: number): Buffer {
  frame[0] = kind;
  frame.writeUInt32BE(digest >>> 0, 5);
  return frame;
}

export function errorFrame(seed: number, message: string): Buffer {
  const text = Buffer.from(message, 'utf8');
  const frame = Buffer.allocUnsafe(HEADER_BYTES + text.length);
  frame[0] = FrameKind.ERROR;
  frame.writeUInt32BE(seed >>> 0, 1);
  frame.writeUInt32BE(0, 5);
  text.copy(frame, HEADER_BYTES);
  return frame;
}

export function errorText(frame: Buffer): string {
  return frame.subarray(HEADER_BYTES).toString('utf8');
}

/** Whether a reply carries the request's payload unchanged. */
export function samePayload(reply: Buffer, request: Buffer): boolean {
  return reply.length === request.length && reply.compare(request, HEADER_BYTES, request.length, HEADER_BYTES, reply.length) === 0;
}
