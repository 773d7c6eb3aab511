import { httpSuite } from '../../src/suites/http/suite.js';
import { inSuite } from '../../src/suites/suite.js';
import { numberParam, type WarmWorkload } from '../../src/workloads/types.js';

/**
 * The http suite. Each side serves the same two endpoints from the same
 * compiled code: inline (the lab's event loop computes), threads (the lab's
 * event loop parses HTTP and hands each belief update to the runner's
 * piscina pool), processes (a node:cluster of poolSize workers under a
 * primary forked from the lab; the runner starts no process pool for it, and
 * the IPC variant does not apply). A repetition is one autocannon load, from its
 * own process, of `durationMs` on `connections` connections.
 *
 * - Throughput counts 2xx responses; `requestsPerSec` counts every response.
 * - Latency is the lab's HDR histogram of every response time, recorded from
 *   autocannon's per-response `response` event (hrtime, sub-millisecond);
 *   autocannon's own percentiles (whole milliseconds) are kept as metrics.
 * - Nothing is hidden: errors, timeouts, non-2xx, body mismatches and resets
 *   are metrics of every repetition; a repetition with no 2xx response, a
 *   failed probe or a dead cluster worker fails the case with the reason.
 * - Checksum: the body of one probe request per repetition (a pure function
 *   of endpoint, seed and cpuSteps), never a request count, which varies.
 * - Server CPU and memory are metrics on every side (the lab process for
 *   inline and threads, primary + workers for the cluster), because the
 *   runner's own readings do not see the cluster.
 */
export const http: WarmWorkload = {
  name: 'http',
  ...inSuite(httpSuite),
  description:
    'autocannon, from a process of its own, against a local HTTP server with a light and a CPU-heavy (belief update) endpoint: ' +
    'inline on the lab’s event loop, offloading to the thread pool, or a node:cluster of poolSize processes',
  throughputUnit: 'requests/s',
  latencyDefinition:
    'one HTTP request, from autocannon writing it to the end of its response, timed in the load-generator process; every response of any status',
  lifecycle: 'warm',
  parameters: {
    endpoint: { description: 'light (answered at once) or cpu (cpuSteps belief updates per request)', default: 'cpu', choices: ['light', 'cpu'] },
    connections: { description: 'concurrent keep-alive connections autocannon holds', default: 10 },
    durationMs: { description: 'how long autocannon sends requests, per repetition', default: 1000, min: 50 },
    cpuSteps: {
      description: 'belief updates (32×32 grid) per cpu request',
      default: 100,
      appliesWhen: (params) => params.endpoint === 'cpu',
    },
  },
  agents: (params) => numberParam(params, 'poolSize'),
  // Threads: one request's belief update per worker at a time.
  // Processes: the cluster serves, so the runner starts no pool for that side (httpSuite.usesPool).
  pool: (_params, poolSize) => ({ poolSize, tasksPerWorker: 1 }),
  async prepare() {
    return (await import('./repetition.js')).openHttpRig();
  },
  async run(context) {
    return (await import('./repetition.js')).runHttp(context);
  },
};
