import type { JobReply } from '../job-child.js';
import type { PrimaryReply } from '../server-rig.js';

/**
 * Messages between the lab and the suite's own child processes (the cluster
 * primary and the load generator), over their IPC channels.
 */

/** One timed load: autocannon against `url` for `durationMs` with `connections` keep-alive connections. */
export interface LoadJob {
  url: string;
  connections: number;
  durationMs: number;
  /** Every response must carry this body (the probe's); any other counts as a mismatch. */
  expectBody: string;
}

/** What one load found, counted by autocannon except where said. */
export interface LoadOutcome {
  /** Responses received in the window, any status (from autocannon's `response` events). */
  responses: number;
  /** Of those, 2xx responses. */
  responses2xx: number;
  /** From the first connection to autocannon's result, timed in the load generator. */
  elapsedMs: number;
  /** Every response time, as the lab's HDR histogram (ns, from autocannon's hrtime per response), encoded. */
  histogram: string;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  resets: number;
  /** autocannon's own percentiles, from its histogram of whole milliseconds (it has no p95; p97.5 is its nearest). */
  autocannonLatencyMs: { p50: number; p97_5: number; p99: number; p99_9: number; max: number };
  /** CPU the load generator itself used over the window, 100 = one core busy. */
  cpuPercent: number;
}

export type LoadRequest = { type: 'load'; id: number; job: LoadJob };
export type LoadReply = JobReply<LoadOutcome>;

export type ClusterReply = PrimaryReply<object>;

export type ClusterRequest = { type: 'stop' };
