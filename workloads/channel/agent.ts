/**
 * The receiving end of the throughput suite's channels: one compiled file
 * that runs as a worker thread (MessagePort and SharedArrayBuffer channels)
 * or as a forked child (IPC and the msgpackr pipe). Each burst it receives
 * the announced number of messages, folds them into a Tally (order, length,
 * sampled bytes, one-way latency) and reports it on its control path.
 */
import net from 'node:net';
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { Unpackr } from 'msgpackr';
import { FrameReader, READ_BUFFER_BYTES, type Envelope } from './frames.js';
import { RECEIVER_FLAG, Tally, monotonicMs, type FromReceiver, type ToReceiver } from './protocol.js';
import { RingConsumer } from './ring.js';

/** A message as the MessagePort and IPC channels carry it. */
interface ChannelMessage {
  seq: number;
  sentAt: number;
  body: Uint8Array | string;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function receiveInThread(kind: string, dataPort: MessagePort): void {
  const control = parentPort!;
  const say = (message: FromReceiver): void => control.postMessage(message);
  let onData: (message: ChannelMessage) => void = () => say({ type: 'failed', message: 'a message arrived outside a burst' });
  dataPort.on('message', (message: ChannelMessage) => onData(message));

  control.on('message', (command: ToReceiver) => {
    if (command.type !== 'burst') return say({ type: 'failed', message: `a thread receiver takes no ${command.type}` });
    const { messages } = command;
    const ackEvery = command.ackEvery ?? 1;
    const tally = new Tally();
    try {
      if (kind === 'shared-ring') {
        say({ type: 'armed' });
        new RingConsumer(command.ring!).receive(messages, tally);
        return say({ type: 'done', report: tally.report() });
      }
      onData = (message) => {
        try {
          tally.addBytes(message.seq, message.sentAt, message.body as Uint8Array);
        } catch (error) {
          return say({ type: 'failed', message: errorText(error) });
        }
        // Credit for the sender: a MessagePort has no backpressure of its own.
        if (tally.received % ackEvery === 0 || tally.received === messages) dataPort.postMessage(tally.received);
        if (tally.received === messages) say({ type: 'done', report: tally.report() });
      };
      say({ type: 'armed' });
    } catch (error) {
      say({ type: 'failed', message: errorText(error) });
    }
  });
  say({ type: 'ready' });
}

function receiveInChild(kind: string): void {
  const say = (message: FromReceiver): void => void process.send!(message);
  const unpackr = new Unpackr({ useRecords: false });
  let tally = new Tally();
  let expected = 0;
  let rawBytes = 0;
  const finishIfDone = (): void => {
    if (tally.received === expected && expected > 0) {
      expected = 0;
      say({ type: 'done', report: tally.report() });
    }
  };
  const frames = new FrameReader((frame) => {
    const message = unpackr.unpack(frame) as Envelope & { body: Uint8Array };
    tally.addBytes(message.seq, message.sentAt, message.body);
    finishIfDone();
  });
  const unexpected = (): void => say({ type: 'failed', message: 'bytes arrived on the pipe outside a burst' });
  const readFrames = (chunk: Buffer, count: number): void => frames.push(chunk, count);
  let onRead: (chunk: Buffer, count: number) => void = unexpected;
  // Reads land in one static buffer (`onread`, which net.Socket takes at construction too): no allocation per read.
  const readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  const options: net.SocketConstructorOpts & { onread: net.OnReadOpts } = {
    fd: 4,
    readable: true,
    writable: false,
    onread: {
      buffer: readBuffer,
      callback: (count) => {
        try {
          onRead(readBuffer, count);
        } catch (error) {
          say({ type: 'failed', message: errorText(error) });
        }
        return true;
      },
    },
  };
  const pipe = new net.Socket(options);
  pipe.on('error', () => {});

  process.on('message', (message: ToReceiver | ChannelMessage) => {
    try {
      if ('seq' in message) {
        if (typeof message.body === 'string') tally.addText(message.seq, message.sentAt, message.body);
        else tally.addBytes(message.seq, message.sentAt, message.body);
        return finishIfDone();
      }
      switch (message.type) {
        case 'burst':
          tally = new Tally();
          expected = message.messages;
          onRead = kind === 'pipe-msgpackr' ? readFrames : unexpected;
          return say({ type: 'armed' });
        case 'raw':
          rawBytes = 0;
          // The ceiling: count the bytes, look at none of them.
          onRead = (_chunk, count) => {
            rawBytes += count;
            if (rawBytes < message.bytes) return;
            onRead = unexpected;
            say({ type: 'done', report: { received: 0, bytes: rawBytes, checksum: '', histogram: '', lastAtMs: monotonicMs() } });
          };
          return say({ type: 'armed' });
      }
    } catch (error) {
      say({ type: 'failed', message: errorText(error) });
    }
  });
  // The orchestrator decides when a receiver stops (Ctrl-C reaches the whole group); orphaned, it leaves at once.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
  process.on('disconnect', () => process.exit(0));
  say({ type: 'ready' });
}

const asThread = !isMainThread && (workerData as Record<string, unknown> | null)?.[RECEIVER_FLAG] === true;
if (asThread) {
  const data = workerData as { kind: string; dataPort: MessagePort };
  receiveInThread(data.kind, data.dataPort);
} else if (process.send && process.argv[2] === RECEIVER_FLAG) {
  receiveInChild(process.argv[3]!);
}
