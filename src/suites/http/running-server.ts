import type { Backend } from '../../backends/types.js';
import { closeServer, createLabServer, listenOnLoopback, type ServerMode } from './server.js';

/** A started server of one side, whichever process runs it. */
export interface RunningServer {
  readonly mode: ServerMode;
  /** The address it listens on (127.0.0.1). */
  readonly address: string;
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** The processes that serve: the lab itself in-process, the primary and its workers for a cluster. */
  pids(): number[];
  /** Why it can no longer serve (a cluster worker died); undefined while healthy. */
  failure(): string | undefined;
  stop(): Promise<void>;
}

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
