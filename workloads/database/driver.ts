import type pg from 'pg';
import type { DatabaseOutcome, DatabaseReady } from './agent.js';
import { APPLICATION_NAME, seedStatements, settleWithin } from './sql.js';
import type { AgentChannel } from '../../src/backends/types.js';
import { mergeEncoded } from '../../src/kernel/histogram.js';
import type { Calibration } from '../../src/suites/database/calibration.js';
import type { DatabaseServer } from '../../src/suites/database/server.js';
import { databaseSuite } from '../../src/suites/database/suite.js';
import { inSuite } from '../../src/suites/suite.js';
import { combineChecksums, numberParam, range, stringParam, type WarmWorkload } from '../../src/workloads/types.js';

interface DatabaseSetup {
  server: DatabaseServer;
  admin: pg.Client;
  seededAgents: number;
  calibration: Calibration;
  /** host:port and database, for messages: never the password. */
  where: string;
}

const CALIBRATION_MS = 400;

async function serverCpuMs(server: DatabaseServer): Promise<number> {
  const { readServing } = await import('../../src/suites/server-rig.js');
  // CPU only: reading each backend's PSS as well would cost milliseconds per server process, twice per run.
  return (await readServing(server.pids(), { pss: false })).cpuMs;
}

/** Resolves with each agent's first message, in agent order. */
function firstMessages<T>(channels: readonly AgentChannel[]): Promise<T[]> {
  return Promise.all(channels.map((channel) => new Promise<T>((resolve) => channel.onMessage((message) => resolve(message as T)))));
}

export const database: WarmWorkload = {
  name: 'database',
  ...inSuite(databaseSuite),
  description: 'agents query a real PostgreSQL through pg or typeorm: point select, range scan, 100-row insert, read-modify-write transaction',
  throughputUnit: 'transactions/s',
  latencyDefinition: 'one operation (query, batch insert or transaction) from the agent’s call to its result, timed inside the agent',
  lifecycle: 'warm',
  parameters: {
    query: { description: 'which operation', default: 'point', choices: ['point', 'range', 'insert', 'transaction'] },
    client: { description: 'raw pg or the typeorm ORM', default: 'pg', choices: ['pg', 'typeorm'] },
    agents: { description: 'concurrent agents, each running its operations back to back', default: 4 },
    operations: { description: 'operations per agent per repetition', default: 100 },
    connections: { description: 'total connection budget, divided evenly among the workers', default: 8 },
    seedAgents: { description: 'agent rows seeded (10 messages each)', default: 1000 },
  },
  agents: (params) => numberParam(params, 'agents'),
  pool: (params, poolSize) => ({ poolSize, tasksPerWorker: Math.ceil(numberParam(params, 'agents') / poolSize) }),
  preflight: async () => (await import('../../src/suites/database/server.js')).preflightDatabase(),
  worksOutsideTheLab: () => Boolean(process.env.DATABASE_URL),
  async prepare(params) {
    const { describeUrl, openDatabase, pgClient } = await import('../../src/suites/database/server.js');
    const { calibrate } = await import('../../src/suites/database/calibration.js');
    const server = await openDatabase();
    const admin = await pgClient({ connectionString: server.url, application_name: 'lab-admin' });
    admin.on('error', () => {});
    try {
      await admin.connect();
      const seededAgents = numberParam(params, 'seedAgents');
      for (const statement of seedStatements(seededAgents)) await admin.query(statement);
      // As many clients as agents issue queries at once: the figure a pgbench -S run with -c AGENTS would give.
      const calibration = await calibrate(server.url, numberParam(params, 'agents'), seededAgents, CALIBRATION_MS);
      const setup: DatabaseSetup = { server, admin, seededAgents, calibration, where: describeUrl(server.url) };
      return {
        value: setup,
        async close() {
          await settleWithin(admin.query('DROP SCHEMA IF EXISTS lab_bench CASCADE'));
          await settleWithin(admin.end());
          await server.stop();
        },
      };
    } catch (error) {
      await settleWithin(admin.end());
      await server.stop();
      throw error;
    }
  },
  async run({ backend, params, seed, prepared }) {
    const setup = prepared as DatabaseSetup;
    const agents = numberParam(params, 'agents');
    const operations = numberParam(params, 'operations');
    const poolMax = Math.max(1, Math.floor(numberParam(params, 'connections') / backend.poolSize));
    const args = {
      url: setup.server.url,
      client: stringParam(params, 'client'),
      query: stringParam(params, 'query'),
      poolMax,
      operations,
      seed,
      seededAgents: setup.seededAgents,
      // A pool's name on the server is everything that keys it (agent.ts poolKey): a pool of the other client or size,
      // lingering on the same side, is never counted as this case's.
      applicationName: `${APPLICATION_NAME} ${backend.kind}:${backend.variant} ${stringParam(params, 'client')} ${poolMax}`,
    };
    const channels = await Promise.all(range(agents).map((agent) => backend.open({ workload: 'database', handler: 'agent', args: { ...args, agent } })));
    try {
      const ready = await firstMessages<DatabaseReady>(channels);
      const failed = ready.find((item) => item.error);
      if (failed) throw new Error(`an agent could not connect to PostgreSQL at ${setup.where}: ${failed.error}`);
      // The lab's own session: when it fails, the server went away (its error alone would read "Client has encountered a connection error").
      const { rows } = await setup.admin
        .query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [args.applicationName])
        .catch((error: Error) => Promise.reject(new Error(`lost the connection to PostgreSQL at ${setup.where}: ${error.message}`)));
      const cpuBefore = await serverCpuMs(setup.server);
      const outcomes = firstMessages<DatabaseOutcome>(channels);
      const started = performance.now();
      for (const channel of channels) channel.send('go');
      const results = await outcomes;
      const durationMs = performance.now() - started;
      const serverCpuPercent = ((await serverCpuMs(setup.server)) - cpuBefore) / durationMs * 100;
      // A failed operation did not do its work: the repetition is not a measurement of the query (and its checksum
      // would differ from the other sides' for a reason that is not theirs).
      const errors = results.reduce((total, result) => total + result.errors, 0);
      if (errors > 0) {
        throw new Error(`${errors} of ${agents * operations} operations failed on PostgreSQL at ${setup.where}: ${results.find((r) => r.firstError)?.firstError}`);
      }
      const calibration = setup.calibration;
      return {
        operations: agents * operations,
        durationMs,
        latency: mergeEncoded(results.map((result) => result.histogram)),
        checksum: combineChecksums(results.map((result) => result.checksum)),
        metrics: {
          connections: rows[0].n as number,
          poolMax,
          ...(setup.server.embedded ? { serverCpuPercent } : {}),
          calibrationSelectTps: calibration.transactionsPerSec,
          calibrationP95Ms: calibration.latencyMs.p95,
          calibrationClients: calibration.clients,
        },
      };
    } finally {
      await Promise.all(channels.map((channel) => settleWithin(channel.close(), 10_000)));
    }
  },
};
