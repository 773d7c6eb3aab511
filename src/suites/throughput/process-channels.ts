import { fork, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { FrameHeads } from '../../../workloads/channel/frames.js';
import { ReceiverLink, messagesInFlight, outcome, type BurstOutcome } from './receiver-link.js';
import { RECEIVER_FLAG, monotonicMs, type FromReceiver, type ProcessChannel } from '../../../workloads/channel/protocol.js';

const RECEIVER_ENTRY = fileURLToPath(new URL('../../../workloads/channel/agent.js', import.meta.url));
const EXIT_GRACE_MS = 2000;

export type IpcSerialization = 'json' | 'advanced';

/**
 * A forked child receiving one kind of process channel, started once and
 * fed bursts. Every child has the same shape: an IPC channel with the side's
 * serialization (control messages, and the data of `ipc`) and an extra stdio
 * pipe (a Unix socket pair) at fd 4 for `pipe-msgpackr` frames and for the
 * raw-pipe ceiling.
 */
export class ProcessReceiver {
  private readonly link: ReceiverLink;
  private readonly pipe: Socket;
  private readonly exited: Promise<void>;

  private constructor(
    readonly kind: ProcessChannel,
    private readonly serialization: IpcSerialization,
    private readonly child: ChildProcess,
  ) {
    this.link = new ReceiverLink(`the ${kind} receiver process`, (message) => void child.send(message));
    child.on('message', (message: FromReceiver) => this.link.deliver(message));
    child.on('error', (error) => this.link.lost(`failed: ${error.message}`));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.link.lost(`exited (${signal ?? `code ${code}`})`);
        resolve();
      }),
    );
    this.pipe = child.stdio[4] as Socket;
    this.pipe.on('error', (error) => this.link.lost(`pipe failed: ${error.message}`));
  }

  static async start(kind: ProcessChannel, serialization: IpcSerialization): Promise<ProcessReceiver> {
    const child = fork(RECEIVER_ENTRY, [RECEIVER_FLAG, kind], {
      serialization,
      execArgv: [],
      // stdout goes to stderr, as in the process pool: --json output stays clean.
      stdio: ['ignore', 2, 2, 'ipc', 'pipe'],
    });
    const receiver = new ProcessReceiver(kind, serialization, child);
    try {
      await receiver.link.next('ready');
    } catch (error) {
      await receiver.close();
      throw error;
    }
    return receiver;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends `messages` copies of `body` over this receiver's channel and waits until it has them all. */
  async burst(body: Buffer, messages: number): Promise<BurstOutcome> {
    const { report } = await this.link.arm({ type: 'burst', messages });
    const started = monotonicMs();
    if (this.kind === 'ipc') await this.sendIpc(body, messages);
    else await this.sendFrames(body, messages);
    return outcome(await report, started);
  }

  /**
   * The process side's ceiling: the same bytes, one write per message, over
   * the same pipe, read by the child into the same static buffer as frames,
   * with nothing decoded.
   */
  async rawPipe(body: Buffer, messages: number): Promise<BurstOutcome> {
    const { report } = await this.link.arm({ type: 'raw', bytes: body.length * messages });
    const room = this.queueLimit(body.length);
    const started = monotonicMs();
    for (let i = 0; i < messages; i++) {
      await room();
      this.pipe.write(body, room.written);
    }
    return outcome(await report, started);
  }

  async close(): Promise<void> {
    const child = this.child;
    if (child.exitCode === null && child.signalCode === null) {
      const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_GRACE_MS);
      if (child.connected) child.disconnect();
      else child.kill('SIGKILL');
      await this.exited;
      clearTimeout(timer);
    }
    this.pipe.destroy();
  }

  /** `process.send` with the side's serialization; a message counts as sent once Node has written it to the channel. */
  private async sendIpc(body: Buffer, messages: number): Promise<void> {
    const window = messagesInFlight(body.length);
    const payload = this.serialization === 'json' ? body.toString('latin1') : body;
    let unsent = 0;
    let wake: (() => void) | undefined;
    const written = (): void => {
      unsent--;
      wake?.();
    };
    for (let seq = 0; seq < messages; seq++) {
      while (unsent >= window) await this.link.guard(new Promise<void>((resolve) => (wake = resolve)));
      unsent++;
      this.child.send({ seq, sentAt: monotonicMs(), body: payload }, written);
    }
  }

  private async sendFrames(body: Buffer, messages: number): Promise<void> {
    const heads = new FrameHeads();
    const room = this.queueLimit(body.length);
    for (let seq = 0; seq < messages; seq++) {
      await room();
      const head = heads.head({ seq, sentAt: monotonicMs() }, body.length);
      this.pipe.cork();
      this.pipe.write(head);
      this.pipe.write(body, room.written);
      this.pipe.uncork();
    }
  }

  /**
   * Resolves at once while the pipe's queue is short, else when enough of it
   * has been written: as many messages queued as the other channels keep in flight.
   */
  private queueLimit(payloadBytes: number): (() => Promise<void>) & { written: () => void } {
    const limit = messagesInFlight(payloadBytes) * payloadBytes;
    let wake: (() => void) | undefined;
    const room = async (): Promise<void> => {
      while (this.pipe.writableLength > limit) await this.link.guard(new Promise<void>((resolve) => (wake = resolve)));
    };
    const written = (): void => {
      if (this.pipe.writableLength <= limit) wake?.();
    };
    return Object.assign(room, { written });
  }
}
