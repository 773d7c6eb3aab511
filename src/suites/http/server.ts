import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BeliefRequest } from '../../../workloads/http/agent.js';

export type { ServerMode } from '../server-rig.js';

/** The only interface any server of the suite listens on: nothing outside the machine can reach it. */
export const LOOPBACK = '127.0.0.1';

export const LIGHT_PATH = '/light';
export const LIGHT_BODY = JSON.stringify({ ok: true });
const CPU_PREFIX = '/cpu?';

/** The path of the CPU-heavy endpoint for these arguments; the server reads them back from the query. */
export function cpuPath({ seed, steps }: BeliefRequest): string {
  return `${CPU_PREFIX}seed=${seed}&steps=${steps}`;
}

/** Computes the CPU-heavy response: directly, on the inline backend, or on a worker thread. */
export type BeliefCompute = (request: BeliefRequest) => unknown;

function reply(response: http.ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/**
 * The suite's server: `/light` answers at once from the event loop in every
 * mode (there is nothing to offload); `/cpu?seed=&steps=` runs the belief
 * update through `compute`. A failed computation is a 500 with its message,
 * so the load generator counts it instead of the lab hiding it.
 */
export function createLabServer(compute: BeliefCompute): http.Server {
  return http.createServer((request, response) => {
    const url = request.url ?? '';
    if (url === LIGHT_PATH) return reply(response, 200, LIGHT_BODY);
    if (!url.startsWith(CPU_PREFIX)) return reply(response, 404, JSON.stringify({ error: `no endpoint ${url}` }));
    const query = new URLSearchParams(url.slice(CPU_PREFIX.length));
    const args: BeliefRequest = { seed: Number(query.get('seed')), steps: Number(query.get('steps')) };
    Promise.resolve()
      .then(() => compute(args))
      .then(
        (body) => reply(response, 200, String(body)),
        (error: unknown) => reply(response, 500, JSON.stringify({ error: error instanceof Error ? error.message : String(error) })),
      );
  });
}

/** Listens on 127.0.0.1 on a port the OS picks. */
export function listenOnLoopback(server: http.Server): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Stops accepting and drops every connection, idle keep-alive ones included, so close never waits on a client. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** One GET with a fresh connection: status and body. */
export function fetchOnce(url: string, timeoutMs = 10_000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
