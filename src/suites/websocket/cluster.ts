import type { ClusterReply, IpcSerialization } from './protocol.js';
import type { RunningServer } from './running-server.js';
import { OwnedChild } from '../http/owned-child.js';

const START_TIMEOUT_MS = 30_000;

type WorkerExit = Extract<ClusterReply, { type: 'worker-exit' }>;

function describeExit({ pid, code, signal }: WorkerExit): string {
  return `cluster worker ${pid} exited (${signal ? `signal ${signal}` : `code ${code}`})`;
}

/**
 * Starts a node:cluster of `workers` WebSocket servers on one loopback port,
 * under a primary forked from the lab (cluster-primary.ts) that relays
 * broadcasts between them with the given IPC serialization. The cluster
 * fails, and says why, if any worker exits before it is stopped.
 */
export async function startCluster(workers: number, serialization: IpcSerialization): Promise<RunningServer> {
  let workerPids: number[] = [];
  let lostWorker: string | undefined;
  const primary = new OwnedChild<ClusterReply>(
    'the cluster primary',
    new URL('./cluster-primary.js', import.meta.url),
    [String(workers), serialization],
    () => workerPids,
  );
  primary.onMessage((message) => {
    if (message.type === 'worker-exit') lostWorker ??= primary.withOutput(describeExit(message));
  });
  try {
    const first = await primary.next((message) => message, START_TIMEOUT_MS, 'listening message');
    if (first.type === 'worker-exit') throw new Error(primary.withOutput(`${describeExit(first)} while the cluster started`));
    workerPids = first.workerPids;
    return {
      mode: 'cluster',
      address: first.address,
      port: first.port,
      url: `ws://${first.address}:${first.port}`,
      bufferutil: first.bufferutil,
      pids: () => [...(primary.pid === undefined ? [] : [primary.pid]), ...workerPids],
      failure: () => lostWorker ?? primary.failure(),
      stop: () => primary.stop(),
    };
  } catch (error) {
    await primary.stop();
    throw error;
  }
}
