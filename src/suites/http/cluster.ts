import { startClusterPrimary } from '../server-rig.js';
import type { ClusterRequest } from './protocol.js';
import type { RunningServer } from './running-server.js';

/**
 * Starts a node:cluster of `workers` processes serving on one loopback port,
 * under a primary forked from the lab (cluster-primary.ts). The cluster fails,
 * and says why, if any worker exits before it is stopped.
 */
export async function startCluster(workers: number): Promise<RunningServer> {
  const cluster = await startClusterPrimary<object>(new URL('./cluster-primary.js', import.meta.url), [String(workers)]);
  const { address, port } = cluster.listening;
  return {
    mode: 'cluster',
    address,
    url: `http://${address}:${port}`,
    pids: cluster.pids,
    failure: cluster.failure,
    stop: () => cluster.primary.stop(3000, () => cluster.primary.send({ type: 'stop' } satisfies ClusterRequest)),
  };
}
