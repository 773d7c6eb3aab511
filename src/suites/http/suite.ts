import type { Suite } from '../suite.js';

/** autocannon against a local HTTP server: the threads side offloads to the runner's pool, a node:cluster serves the processes side. */
export const httpSuite: Suite = { name: 'http', usesPool: (kind) => kind !== 'processes' };
