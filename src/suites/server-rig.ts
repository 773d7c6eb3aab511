import { setTimeout as sleep } from 'node:timers/promises';
import type { Backend } from '../backends/types.js';
import { messageOf } from '../errors.js';
import type { CaseParams } from '../workloads/types.js';
import { samplePids } from '../measure/resources.js';
import { OwnedChild } from './http/owned-child.js';

/** Where a suite's server runs: the lab's event loop, that loop handing CPU work to the thread pool, or a cluster of processes. */
export type ServerMode = 'inline' | 'offload' | 'cluster';

/** The runner's sides map onto server modes: the baseline loop, the thread pool behind it, or a cluster of processes. */
export function modeOf(backend: Pick<Backend, 'kind'>): ServerMode {
  return backend.kind === 'inline' ? 'inline' : backend.kind === 'threads' ? 'offload' : 'cluster';
}

/** The rig's key for a parameter point, whichever side runs it. */
export function pointKey(params: CaseParams): string {
  return JSON.stringify(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)));
}

/** A started server of one side, whichever process runs it. */
export interface ServingProcesses {
  readonly mode: ServerMode;
  /** The address it listens on (127.0.0.1). */
  readonly address: string;
  /** Where clients connect, no trailing slash. */
  readonly url: string;
  /** The processes that serve: the lab itself in-process; the primary and its workers for a cluster. */
  pids(): number[];
  /** Why it can no longer serve (a cluster worker died); undefined while healthy. */
  failure(): string | undefined;
  stop(): Promise<void>;
}

/** Anything the rig starts: a server, a load generator, a client driver. */
export interface Stoppable {
  stop(): Promise<void>;
}

/** The process that drives load at a point's servers; `busy` while a job the runner gave up on is still running. */
export interface LoadClient extends Stoppable {
  readonly busy?: boolean;
}

/** What one parameter point (one case per side) has running: a server per side and one load client. */
interface PointResources<Server, Client> {
  readonly key: string;
  readonly servers: Map<string, { backend: unknown; server: Promise<Server> }>;
  client?: Promise<Client>;
}

async function stopWhenStarted(started: Promise<Stoppable> | undefined): Promise<void> {
  await started?.then((resource) => resource.stop(), () => {});
}

/**
 * Everything a server suite (http, websocket) starts, owned in one place (its
 * Prepared value). Servers and the load client live for one parameter point:
 * the runner interleaves that point's sides, so each side's server stays up,
 * and warm, across its warm-up and timed repetitions. They are stopped when
 * the next point begins, when a repetition fails, and when the runner closes
 * the suite (its last case, an error of the run, Ctrl-C).
 */
export class ServerRig<Server extends Stoppable, Client extends LoadClient> {
  private point: PointResources<Server, Client> | undefined;
  private closed = false;

  constructor(
    private readonly suite: string,
    private readonly startClient: () => Promise<Client>,
  ) {}

  /** This side's server for this point, started on first use (again if the side's backend changed). */
  async server(key: string, side: string, backend: unknown, start: () => Promise<Server>): Promise<Server> {
    const point = await this.enter(key);
    const existing = point.servers.get(side);
    if (existing && existing.backend === backend) return existing.server;
    const server = start();
    point.servers.set(side, { backend, server });
    await stopWhenStarted(existing?.server);
    return this.keep(point, server);
  }

  /** The point's load client; a new one if a repetition the runner gave up on still holds the old one. */
  async client(key: string): Promise<Client> {
    const point = await this.enter(key);
    const current = point.client;
    if (current && (await current.then((client) => client.busy === true, () => true))) {
      point.client = undefined;
      await stopWhenStarted(current);
    }
    point.client ??= this.startClient();
    return this.keep(point, point.client);
  }

  /** After a failed repetition: stops that side's server and the load client (a later repetition starts new ones). */
  async discard(key: string, side: string): Promise<void> {
    const point = this.point;
    if (point?.key !== key) return;
    const server = point.servers.get(side)?.server;
    const client = point.client;
    point.servers.delete(side);
    point.client = undefined;
    await Promise.all([stopWhenStarted(server), stopWhenStarted(client)]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.leave();
  }

  /**
   * The current point's resources, after stopping the previous point's.
   * Checked again after the wait, so nothing is started into a point that
   * close() or another point has already let go of.
   */
  private async enter(key: string): Promise<PointResources<Server, Client>> {
    if (this.point?.key !== key) {
      await this.leave();
      if (!this.closed) this.point ??= { key, servers: new Map() };
    }
    if (this.closed || this.point?.key !== key) throw new Error(`the ${this.suite} suite was closed while a repetition started`);
    return this.point;
  }

  /** What was started into `point`, once started; stopped instead if the point was let go of meanwhile. */
  private async keep<T extends Stoppable>(point: PointResources<Server, Client>, started: Promise<T>): Promise<T> {
    const resource = await started;
    if (this.point === point) return resource;
    await resource.stop();
    throw new Error(`the ${this.suite} suite moved on while a repetition started`);
  }

  private async leave(): Promise<void> {
    const point = this.point;
    this.point = undefined;
    if (!point) return;
    await Promise.all([...[...point.servers.values()].map(({ server }) => stopWhenStarted(server)), stopWhenStarted(point.client)]);
  }
}

/** CPU time so far and memory now, summed over the serving processes; `pss: false` when only the CPU time is wanted (PSS costs milliseconds per process). */
export async function readServing(pids: readonly number[], options?: { pss?: boolean }): Promise<{ cpuMs: number; rssBytes: number; pssBytes: number | null }> {
  const readings = [...(await samplePids(pids, options)).values()];
  const pss = readings.map((reading) => reading.pssBytes);
  return {
    cpuMs: readings.reduce((total, reading) => total + reading.cpuMs, 0),
    rssBytes: readings.reduce((total, reading) => total + reading.rssBytes, 0),
    pssBytes: pss.every((value) => value !== null) ? pss.reduce<number>((total, value) => total + value!, 0) : null,
  };
}

/** What a cluster primary of either suite says: listening (with whatever the suite adds), or that a worker exited. */
export type PrimaryReply<Listening extends object> =
  | ({ type: 'listening'; address: string; port: number; workerPids: number[] } & Listening)
  | { type: 'worker-exit'; pid: number; code: number | null; signal: string | null };

const CLUSTER_START_TIMEOUT_MS = 30_000;

function describeExit({ pid, code, signal }: Extract<PrimaryReply<object>, { type: 'worker-exit' }>): string {
  return `cluster worker ${pid} exited (${signal ? `signal ${signal}` : `code ${code}`})`;
}

/** A started cluster: its primary's first message, its processes, its first failure, and how to stop it. */
export interface StartedCluster<Listening extends object> {
  listening: Extract<PrimaryReply<Listening>, { type: 'listening' }>;
  pids(): number[];
  failure(): string | undefined;
  primary: OwnedChild<PrimaryReply<Listening>>;
}

/**
 * Forks a suite's cluster primary (its entry and arguments) and waits until
 * its workers listen. The cluster fails, and says why, if any worker exits
 * before it is stopped; a failed start stops the primary.
 */
export async function startClusterPrimary<Listening extends object>(entry: URL, args: string[]): Promise<StartedCluster<Listening>> {
  let workerPids: number[] = [];
  let lostWorker: string | undefined;
  const primary = new OwnedChild<PrimaryReply<Listening>>('the cluster primary', entry, args, () => workerPids);
  primary.onMessage((message) => {
    if (message.type === 'worker-exit') lostWorker ??= primary.withOutput(describeExit(message));
  });
  try {
    const first = await primary.next((message) => message, CLUSTER_START_TIMEOUT_MS, 'listening message');
    if (first.type === 'worker-exit') throw new Error(primary.withOutput(`${describeExit(first)} while the cluster started`));
    workerPids = first.workerPids;
    return {
      listening: first,
      pids: () => [...(primary.pid === undefined ? [] : [primary.pid]), ...workerPids],
      failure: () => lostWorker ?? primary.failure(),
      primary,
    };
  } catch (error) {
    await primary.stop();
    throw error;
  }
}

/**
 * The error a failed repetition should carry: a dead cluster worker is the cause, and the connection it dropped,
 * which the load or the probe saw first, is its symptom. The worker's exit can reach the primary a moment after the
 * broken socket reached the lab, so the cause is waited for briefly (only ever after a failure).
 */
export async function causeOf(server: { failure(): string | undefined } | undefined, error: unknown, graceMs = 250): Promise<unknown> {
  if (!server) return error;
  let cause = server.failure();
  for (const until = performance.now() + graceMs; cause === undefined && performance.now() < until; cause = server.failure()) await sleep(10);
  return cause && !messageOf(error).startsWith(cause) ? new Error(`${cause} (${messageOf(error)})`) : error;
}
