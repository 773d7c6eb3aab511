import { BENCH_SCHEMA, settleWithin } from '../../../workloads/database/sql.js';
import { pgClient } from './server.js';
import { Random } from '../../kernel/random.js';
import { createHistogram, recordMs, summariseHistogram, type LatencySummaryMs } from '../../kernel/histogram.js';

export interface Calibration {
  clients: number;
  durationMs: number;
  transactionsPerSec: number;
  latencyMs: LatencySummaryMs;
}

/**
 * The figure a `pgbench -S` user would compare against: `clients`
 * connections, each running select-by-primary-key back to back through raw
 * pg for a fixed time, from the orchestrator.
 */
export async function calibrate(url: string, clients: number, seededAgents: number, durationMs: number): Promise<Calibration> {
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = await pgClient({ connectionString: url, application_name: 'lab-calibration' });
      client.on('error', () => {});
      await client.connect();
      return client;
    }),
  );
  const histogram = createHistogram();
  let transactions = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  try {
    await Promise.all(
      connections.map(async (client, index) => {
        const random = new Random(1000 + index);
        while (performance.now() < deadline) {
          const sent = performance.now();
          await client.query(`SELECT id, name, home_x, home_y FROM ${BENCH_SCHEMA}.agents WHERE id = $1`, [1 + random.int(seededAgents)]);
          recordMs(histogram, performance.now() - sent);
          transactions++;
        }
      }),
    );
  } finally {
    await Promise.all(connections.map((client) => settleWithin(client.end())));
  }
  const elapsedMs = performance.now() - started;
  return { clients, durationMs: elapsedMs, transactionsPerSec: transactions / (elapsedMs / 1000), latencyMs: summariseHistogram(histogram) };
}
