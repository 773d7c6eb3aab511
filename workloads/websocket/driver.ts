import { inSuite } from '../../src/suites/suite.js';
import { websocketSuite } from '../../src/suites/websocket/suite.js';
import { numberParam, type WarmWorkload } from '../../src/workloads/types.js';

export const websocket: WarmWorkload = {
  name: 'websocket',
  ...inSuite(websocketSuite),
  description:
    'a ws server on 127.0.0.1 with connections opened, echoed to and broadcast to from a client-driver process of its own; ' +
    'each message costs cpuSteps belief updates: inline on the lab’s event loop, offloaded to the thread pool, or in a node:cluster of poolSize processes',
  throughputUnit: 'messages/s',
  latencyDefinition:
    'one echo message, from the client driver writing it to its socket to reading the reply (the server ran cpuSteps belief updates before answering), ' +
    'timed in the client-driver process; every connection keeps one message in flight',
  lifecycle: 'warm',
  parameters: {
    connections: { description: 'WebSocket connections opened, then held open at once, per repetition', default: 200 },
    openConcurrency: { description: 'handshakes in flight at once while the connections open', default: 100 },
    messagesPerConnection: { description: 'echo messages each connection sends, one in flight at a time', default: 5 },
    payloadBytes: { description: 'payload bytes per message, after a 9-byte header', default: 64, min: 0 },
    broadcasts: { description: 'broadcasts to every connection, one after another', default: 5 },
    cpuSteps: { description: 'belief updates (32×32 grid) the server runs per message', default: 20, min: 0 },
  },
  agents: (params) => numberParam(params, 'connections'),
  // Threads: one message's belief update per worker at a time.
  // Processes: the cluster serves, so the runner starts no pool for that side (websocketSuite.usesPool).
  pool: (_params, poolSize) => ({ poolSize, tasksPerWorker: 1 }),
  async prepare() {
    return (await import('./repetition.js')).openWebSocketRig();
  },
  async run(context) {
    return (await import('./repetition.js')).runWebSocket(context);
  },
};
