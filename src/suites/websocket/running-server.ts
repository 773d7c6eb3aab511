import type { Backend } from '../../backends/types.js';
import { bufferutilInUse } from './bufferutil.js';
import { closeSuiteServer, createSuiteServer, listenOnLoopback } from './server.js';

/** Where the server runs: this event loop, this event loop handing CPU work to the thread pool, or a cluster of processes. */
export type ServerMode = 'inline' | 'offload' | 'cluster';

/** A started server of one side, whichever process runs it. */
export interface RunningServer {
  readonly mode: ServerMode;
  /** The address it listens on (127.0.0.1). */
  readonly address: string;
  readonly port: number;
  /** `ws://127.0.0.1:PORT`. */
  readonly url: string;
  /** Whether ws in the serving process(es) masks with bufferutil. */
  readonly bufferutil: boolean;
  /** The processes that serve: the lab itself in-process; the primary and its workers for a cluster. */
  pids(): number[];
  /** Why it can no longer serve (a cluster worker died); undefined while healthy. */
  failure(): string | undefined;
  stop(): Promise<void>;
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
