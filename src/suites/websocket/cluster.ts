import { startClusterPrimary } from '../server-rig.js';
import type { IpcSerialization } from './protocol.js';
import type { RunningServer } from './running-server.js';

/**
 * Starts a node:cluster of `workers` WebSocket servers on one loopback port,
 * under a primary forked from the lab (cluster-primary.ts) that relays
 * broadcasts between them with the given IPC serialization. The cluster
 * fails, and says why, if any worker exits before it is stopped.
 */
export async function startCluster(workers: number, serialization: IpcSerialization): Promise<RunningServer> {
  const cluster = await startClusterPrimary<{ bufferutil: boolean }>(new URL('./cluster-primary.js', import.meta.url), [String(workers), serialization]);
  const { address, port, bufferutil } = cluster.listening;
  return {
    mode: 'cluster',
    address,
    port,
    url: `ws://${address}:${port}`,
    bufferutil,
    pids: cluster.pids,
    failure: cluster.failure,
    stop: () => cluster.primary.stop(),
  };
}
