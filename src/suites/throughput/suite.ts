import type { Suite } from '../suite.js';

/**
 * Serialization and channels: a channel starts its own receiver (a worker thread or a forked child), a serializer
 * runs on the orchestrator's thread, so no side uses the runner's pool.
 */
export const throughputSuite: Suite = { name: 'throughput', usesPool: () => false };
