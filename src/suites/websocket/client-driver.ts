import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { Checksum, deriveSeed } from '../../kernel/random.js';
import { createHistogram, encodeHistogram, recordMs, type Histogram } from '../../kernel/histogram.js';
import { combineChecksums } from '../../workloads/types.js';
import { bufferutilInUse } from './bufferutil.js';
import { FrameKind, errorText, kindOf, requestFrame, samePayload, seedOf, wordOf } from './frames.js';
import { serveJobs } from '../job-child.js';
import type { DriverJob, DriverOutcome } from './protocol.js';

/**
 * The client driver: a process of its own, so the load generator never
 * shares an event loop with the inline server it measures. It opens the
 * connections, runs the echo and broadcast phases, times everything on its
 * own clock and answers the lab with HDR histograms over IPC.
 */
const PHASE_TIMEOUT_MS = 60_000;
/** Broadcast seeds come from their own stream, apart from the echo seeds (connection, message). */
const BROADCAST_STREAM = 0xb0ad_ca57;

interface Round {
  readonly index: number;
  readonly request: Buffer;
  digest: number | undefined;
  received: number;
  done(lastAtMs: number): void;
}

/** One connection of the job and what it has seen. */
class Link {
  readonly checksum = new Checksum();
  lastBroadcast = -1;
  private pending: { frame: Buffer; sentAtMs: number; done: () => void } | undefined;

  constructor(
    readonly index: number,
    readonly socket: WebSocket,
    private readonly job: Job,
  ) {}

  /** Sends one echo request; resolves once its reply has been checked and timed. */
  echo(frame: Buffer): Promise<void> {
    return new Promise((done) => {
      this.pending = { frame, sentAtMs: performance.now(), done };
      this.socket.send(frame);
    });
  }

  onEchoReply(reply: Buffer): void {
    const pending = this.pending;
    this.pending = undefined;
    if (!pending || seedOf(reply) !== seedOf(pending.frame)) return this.job.fail(`connection ${this.index} got an echo reply it did not ask for`);
    if (!samePayload(reply, pending.frame)) return this.job.fail(`connection ${this.index} got its payload back changed`);
    recordMs(this.job.echo, performance.now() - pending.sentAtMs);
    this.checksum.add(wordOf(reply));
    pending.done();
  }
}

class Job {
  readonly setup: Histogram = createHistogram();
  readonly echo: Histogram = createHistogram();
  readonly broadcast: Histogram = createHistogram();
  readonly broadcastChecksum = new Checksum();
  readonly links: Link[] = [];
  /** Rejects when any connection breaks or answers wrongly; every phase races it. */
  readonly broken: Promise<never>;
  private breakWith!: (error: Error) => void;
  private round: Round | undefined;
  private finishing = false;

  constructor(readonly spec: DriverJob) {
    this.broken = new Promise<never>((_, reject) => (this.breakWith = reject));
    this.broken.catch(() => {});
  }

  fail(message: string): void {
    this.breakWith(new Error(message));
  }

  async connect(): Promise<number> {
    const { connections, openConcurrency, url } = this.spec;
    const failures: string[] = [];
    let next = 0;
    const opener = async (): Promise<void> => {
      while (next < connections && !this.finishing) {
        const index = next++;
        await this.open(url, index).catch((error: Error) => failures.push(error.message));
      }
    };
    const startedAt = performance.now();
    await this.within(Promise.all(Array.from({ length: Math.min(openConcurrency, connections) }, opener)), () => `${this.links.length} of ${connections} connections open`);
    if (failures.length > 0) throw new Error(`${failures.length} of ${connections} connections failed to open (first: ${failures[0]})`);
    return performance.now() - startedAt;
  }

  async echoPhase(): Promise<number> {
    const { messagesPerConnection, seed, cpuSteps, payloadBytes } = this.spec;
    const loop = async (link: Link): Promise<void> => {
      for (let message = 0; message < messagesPerConnection; message++) {
        await link.echo(requestFrame(FrameKind.ECHO, deriveSeed(seed, link.index, message), cpuSteps, payloadBytes));
      }
    };
    const startedAt = performance.now();
    await this.within(Promise.all(this.links.map(loop)), () => `${this.echo.totalCount} of ${this.links.length * messagesPerConnection} echoes answered`);
    return performance.now() - startedAt;
  }

  async broadcastPhase(): Promise<void> {
    const { broadcasts, seed, cpuSteps, payloadBytes } = this.spec;
    for (let index = 0; index < broadcasts; index++) {
      const request = requestFrame(FrameKind.BROADCAST_REQUEST, deriveSeed(seed, BROADCAST_STREAM, index), cpuSteps, payloadBytes);
      let round!: Round;
      const lastAt = new Promise<number>((done) => (round = { index, request, digest: undefined, received: 0, done }));
      this.round = round;
      const startedAt = performance.now();
      this.links[index % this.links.length]!.socket.send(request);
      const lastAtMs = await this.within(lastAt, () => `broadcast ${index} reached ${round.received} of ${this.links.length} connections`);
      recordMs(this.broadcast, lastAtMs - startedAt);
      this.broadcastChecksum.add(round.digest!);
    }
    this.round = undefined;
  }

  /** Connections still open, then every one of them closed. */
  finish(): number {
    this.finishing = true;
    const open = this.links.filter((link) => link.socket.readyState === WebSocket.OPEN).length;
    for (const link of this.links) link.socket.terminate();
    return open;
  }

  private open(url: string, index: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const startedAt = performance.now();
      const socket = new WebSocket(url, { perMessageDeflate: false });
      let link: Link | undefined;
      socket.on('error', (error) => (link ? this.fail(`connection ${index}: ${error.message}`) : reject(error)));
      socket.once('open', () => {
        recordMs(this.setup, performance.now() - startedAt);
        // The job failed while this handshake was in flight: nothing else would close this connection.
        if (this.finishing) {
          socket.terminate();
          return reject(new Error('the job ended first'));
        }
        link = new Link(index, socket, this);
        this.links.push(link);
        socket.on('message', (data) => this.onFrame(link!, data as Buffer));
        socket.on('close', (code) => {
          if (!this.finishing) this.fail(`connection ${index} was closed by the server (code ${code})`);
        });
        resolve();
      });
    });
  }

  private onFrame(link: Link, frame: Buffer): void {
    switch (kindOf(frame)) {
      case FrameKind.ECHO_REPLY:
        return link.onEchoReply(frame);
      case FrameKind.BROADCAST:
        return this.onBroadcast(link, frame);
      case FrameKind.ERROR:
        return this.fail(`the server failed a message: ${errorText(frame)}`);
      default:
        return this.fail(`connection ${link.index} got a frame of unknown kind ${kindOf(frame)}`);
    }
  }

  private onBroadcast(link: Link, frame: Buffer): void {
    const round = this.round;
    if (!round || seedOf(frame) !== seedOf(round.request) || link.lastBroadcast === round.index) {
      return this.fail(`connection ${link.index} got a broadcast it should not have`);
    }
    link.lastBroadcast = round.index;
    round.digest ??= wordOf(frame);
    if (wordOf(frame) !== round.digest || !samePayload(frame, round.request)) {
      return this.fail(`connection ${link.index} got broadcast ${round.index} with other contents than the rest`);
    }
    if (++round.received === this.links.length) round.done(performance.now());
  }

  /** The phase's outcome, unless a connection breaks first or the phase outlasts PHASE_TIMEOUT_MS. */
  private within<T>(phase: Promise<T>, progress: () => string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no result within ${PHASE_TIMEOUT_MS} ms: ${progress()}`)), PHASE_TIMEOUT_MS);
    });
    return Promise.race([phase, this.broken, late]).finally(() => clearTimeout(timer));
  }
}

async function run(spec: DriverJob): Promise<DriverOutcome> {
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const job = new Job(spec);
  try {
    const connectMs = await job.connect();
    const echoMs = await job.echoPhase();
    await job.broadcastPhase();
    const openConnections = job.finish();
    const cpu = process.cpuUsage(cpuBefore);
    return {
      openConnections,
      connectMs,
      setupHistogram: encodeHistogram(job.setup),
      echoHistogram: encodeHistogram(job.echo),
      broadcastHistogram: encodeHistogram(job.broadcast),
      echoMessages: job.echo.totalCount,
      echoMs,
      checksum: combineChecksums([...job.links.sort((a, b) => a.index - b.index).map((link) => link.checksum.hex()), job.broadcastChecksum.hex()]),
      bufferutil: bufferutilInUse(),
      cpuPercent: ((cpu.user + cpu.system) / 1000 / (performance.now() - startedAt)) * 100,
    };
  } finally {
    job.finish();
  }
}

serveJobs<DriverJob, DriverOutcome>('job', run);
