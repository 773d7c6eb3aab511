import type { Backend } from '../../backends/types.js';
import type { ServingProcesses } from '../server-rig.js';
import { closeServer, createLabServer, listenOnLoopback } from './server.js';

/** A started server of one side (`http://127.0.0.1:PORT`), whichever process runs it. */
export type RunningServer = ServingProcesses;

/**
 * A server on the lab's own event loop. `inline`: the belief update runs on
 * that loop (through the inline backend, which calls it in place). `offload`:
 * it is handed to the given backend's thread pool as an agent task.
 */
export async function startInProcess(mode: 'inline' | 'offload', backend: Backend): Promise<RunningServer> {
  const server = createLabServer((args) => backend.run({ workload: 'http', handler: 'belief', args }));
  const { address, port } = await listenOnLoopback(server);
  return {
    mode,
    address,
    url: `http://${address}:${port}`,
    pids: () => [process.pid],
    failure: () => undefined,
    stop: () => closeServer(server),
  };
}
