import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { ReceiverLink, messagesInFlight, outcome, type BurstOutcome } from './receiver-link.js';
import { RECEIVER_FLAG, monotonicMs, type FromReceiver, type ThreadChannel } from '../../../workloads/channel/protocol.js';
import { RingProducer, ringFor } from '../../../workloads/channel/ring.js';

const RECEIVER_ENTRY = new URL('../../../workloads/channel/agent.js', import.meta.url);

/**
 * A worker thread receiving one kind of thread channel, started once and
 * fed bursts: `port-copy` posts each message (structured clone copies the
 * body), `port-transfer` posts a fresh ArrayBuffer per message in the
 * transfer list (the sender builds each body anew, as it must once it has
 * given the last one away), `shared-ring` copies each message into a
 * SharedArrayBuffer ring the worker reads in place.
 */
export class ThreadReceiver {
  private ring: SharedArrayBuffer | undefined;

  private constructor(
    readonly kind: ThreadChannel,
    private readonly worker: Worker,
    private readonly link: ReceiverLink,
    private readonly dataPort: MessagePort,
  ) {}

  static async start(kind: ThreadChannel): Promise<ThreadReceiver> {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(RECEIVER_ENTRY, {
      workerData: { [RECEIVER_FLAG]: true, kind, dataPort: port2 },
      transferList: [port2],
      execArgv: [],
    });
    const link = new ReceiverLink(`the ${kind} receiver thread`, (message) => worker.postMessage(message));
    worker.on('message', (message: FromReceiver) => link.deliver(message));
    worker.on('error', (error) => link.lost(`failed: ${error.message}`));
    worker.on('exit', (code) => link.lost(`exited (code ${code})`));
    const receiver = new ThreadReceiver(kind, worker, link, port1);
    try {
      await link.next('ready');
    } catch (error) {
      await receiver.close();
      throw error;
    }
    return receiver;
  }

  /** Sends `messages` copies of `body` and waits until the worker has taken them all. */
  async burst(body: Buffer, messages: number): Promise<BurstOutcome> {
    const payloadBytes = body.length;
    if (this.kind === 'shared-ring') {
      // Emptied between bursts: the worker is idle until it is armed again.
      const ring = (this.ring = ringFor(payloadBytes, this.ring));
      const { report } = await this.link.arm({ type: 'burst', messages, ring });
      const producer = new RingProducer(ring, messagesInFlight(payloadBytes), () => this.link.alive);
      const started = monotonicMs();
      for (let seq = 0; seq < messages; seq++) {
        const full = producer.roomFor(payloadBytes);
        if (full) await full;
        producer.write(seq, monotonicMs(), body);
      }
      return outcome(await report, started);
    }
    const window = messagesInFlight(payloadBytes);
    const ackEvery = Math.max(1, window >> 2);
    let acked = 0;
    let wake: (() => void) | undefined;
    const onAck = (count: number): void => {
      acked = count;
      wake?.();
    };
    this.dataPort.on('message', onAck);
    try {
      const { report } = await this.link.arm({ type: 'burst', messages, ackEvery });
      const transfer = this.kind === 'port-transfer';
      const started = monotonicMs();
      for (let seq = 0; seq < messages; seq++) {
        while (seq - acked >= window) await this.link.guard(new Promise<void>((resolve) => (wake = resolve)));
        const sentAt = monotonicMs();
        if (transfer) {
          const fresh = Buffer.allocUnsafeSlow(payloadBytes);
          body.copy(fresh);
          this.dataPort.postMessage({ seq, sentAt, body: fresh }, [fresh.buffer]);
        } else {
          this.dataPort.postMessage({ seq, sentAt, body });
        }
      }
      return outcome(await report, started);
    } finally {
      this.dataPort.off('message', onAck);
    }
  }

  async close(): Promise<void> {
    this.dataPort.close();
    await this.worker.terminate();
  }
}

/**
 * The thread side's ceiling: one TypedArray.set of each message into a
 * buffer of its size, the least any channel between threads must do. Runs
 * the same number of copies again until 20 ms have passed, so that tiny
 * messages still give a stable rate.
 */
export function memoryCopyBytesPerSec(body: Buffer, messages: number): number {
  const target = new Uint8Array(body.length);
  for (let i = 0; i < Math.min(messages, 64); i++) target.set(body);
  let copies = 0;
  const started = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < messages; i++) target.set(body);
    copies += messages;
    elapsed = performance.now() - started;
  } while (elapsed < 20);
  return (copies * body.length) / (elapsed / 1000);
}
