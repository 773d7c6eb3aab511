import type { Suite } from '../suite.js';

/** A ws server and its client driver: the threads side offloads to the runner's pool, a node:cluster serves the processes side. */
export const websocketSuite: Suite = { name: 'websocket', usesPool: (kind) => kind !== 'processes' };
