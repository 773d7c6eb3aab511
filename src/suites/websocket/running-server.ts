import type { Backend } from '../../backends/types.js';
import type { ServingProcesses } from '../server-rig.js';
import { bufferutilInUse } from './bufferutil.js';
import { closeSuiteServer, createSuiteServer, listenOnLoopback } from './server.js';

export type { ServerMode } from '../server-rig.js';

/** A started server of one side (`ws://127.0.0.1:PORT`), whichever process runs it. */
export interface RunningServer extends ServingProcesses {
  readonly port: number;
  /** Whether ws in the serving process(es) masks with bufferutil. */
  readonly bufferutil: boolean;
}

/**
 * A server on the lab's own event loop whose CPU work goes through `backend`:
 * the inline backend runs it in place, on this loop; the threads backend hands
 * it to its piscina pool, one task per message.
 */
export async function startInProcess(mode: 'inline' | 'offload', backend: Backend): Promise<RunningServer> {
  const server = createSuiteServer((work) => backend.run({ workload: 'websocket', handler: 'belief', args: work }));
  const { address, port } = await listenOnLoopback(server);
  return {
    mode,
    address,
    port,
    url: `ws://${address}:${port}`,
    bufferutil: bufferutilInUse(),
    pids: () => [process.pid],
    failure: () => undefined,
    stop: () => closeSuiteServer(server),
  };
}
