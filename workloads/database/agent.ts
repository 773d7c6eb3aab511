import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { Between, DataSource } from 'typeorm';
import { createHistogram, encodeHistogram, recordMs } from '../../src/kernel/histogram.js';
import { ENTITIES, AgentEntity, MessageEntity, SnapshotEntity, type SnapshotRow } from './schema.js';
import { BENCH_SCHEMA, MESSAGES_PER_AGENT, settleWithin } from './sql.js';
import { Checksum, Random, deriveSeed } from '../../src/kernel/random.js';
import type { AgentModule, AgentPort } from '../../src/kernel/agent.js';

export type DatabaseClient = 'pg' | 'typeorm';
export type QueryKind = 'point' | 'range' | 'insert' | 'transaction';

export interface DatabaseAgentArgs {
  url: string;
  client: DatabaseClient;
  query: QueryKind;
  /** Connections of this worker's pool: the run's budget divided among the workers. */
  poolMax: number;
  /** The pool's name on the server (pg_stat_activity): side, client and pool size, so each case's connections are counted apart from other idle pools. */
  applicationName: string;
  operations: number;
  seed: number;
  agent: number;
  seededAgents: number;
}

export interface DatabaseReady {
  /** Set when the pool could not be opened. */
  error?: string;
}

export interface DatabaseOutcome {
  checksum: string;
  histogram: string;
  errors: number;
  firstError?: string;
}

export const BATCH_ROWS = 100;

/** One query of each kind, in both clients: the same SQL work, the same result folded into the checksum. */
interface Queries {
  run(kind: QueryKind, random: Random, agent: number, checksum: Checksum): Promise<void>;
  close(): Promise<void>;
}

function snapshotRows(agent: number, step: number): SnapshotRow[] {
  return Array.from({ length: BATCH_ROWS }, (_, i) => ({ agentId: agent + 1, step, summary: `s${step}-${i}` }));
}

async function rawQueries(url: string, poolMax: number, applicationName: string): Promise<Queries> {
  // Idle connections do not hold a process open: a lingering pool never keeps the lab (or a child) from exiting.
  const pool = new pg.Pool({ connectionString: url, max: poolMax, application_name: applicationName, connectionTimeoutMillis: 5000, allowExitOnIdle: true });
  pool.on('error', () => {});
  await Promise.all(Array.from({ length: poolMax }, () => pool.query('SELECT 1')));
  return {
    async run(kind, random, agent, checksum) {
      const id = 1 + random.int(seeded);
      if (kind === 'point') {
        const { rows } = await pool.query(`SELECT id, name, home_x, home_y FROM ${BENCH_SCHEMA}.agents WHERE id = $1`, [id]);
        checksum.add(rows[0].id).add(rows[0].home_x).add(rows[0].home_y);
      } else if (kind === 'range') {
        const from = random.int(MESSAGES_PER_AGENT - 4);
        const { rows } = await pool.query(
          `SELECT id, seq FROM ${BENCH_SCHEMA}.messages WHERE agent_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq`,
          [id, from, from + 4],
        );
        checksum.add(rows.length);
        for (const row of rows) checksum.add(row.seq);
      } else if (kind === 'insert') {
        const rows = snapshotRows(agent, random.int(1e6));
        const values = rows.map((_, i) => `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`).join(', ');
        const result = await pool.query(
          `INSERT INTO ${BENCH_SCHEMA}.belief_snapshots (agent_id, step, summary) VALUES ${values}`,
          rows.flatMap((row) => [row.agentId, row.step, row.summary]),
        );
        checksum.add(result.rowCount ?? 0);
      } else {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query(`SELECT energy, version FROM ${BENCH_SCHEMA}.agents WHERE id = $1 FOR UPDATE`, [id]);
          await client.query(`UPDATE ${BENCH_SCHEMA}.agents SET energy = $2, version = version + 1 WHERE id = $1`, [id, rows[0].energy * 0.99 + 1]);
          await client.query(`INSERT INTO ${BENCH_SCHEMA}.belief_snapshots (agent_id, step, summary) VALUES ($1, $2, $3)`, [id, 0, 'rmw']);
          await client.query('COMMIT');
          checksum.add(1);
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        } finally {
          client.release();
        }
      }
    },
    close: () => settleWithin(pool.end()),
  };
}

async function ormQueries(url: string, poolMax: number, applicationName: string): Promise<Queries> {
  const source = new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    poolSize: poolMax,
    applicationName,
    connectTimeoutMS: 5000,
    extra: { allowExitOnIdle: true },
    synchronize: false,
    logging: false,
  });
  await source.initialize();
  await Promise.all(Array.from({ length: poolMax }, () => source.query('SELECT 1')));
  const agents = source.getRepository(AgentEntity);
  const messages = source.getRepository(MessageEntity);
  const snapshots = source.getRepository(SnapshotEntity);
  return {
    async run(kind, random, agent, checksum) {
      const id = 1 + random.int(seeded);
      if (kind === 'point') {
        const row = await agents.findOne({ where: { id }, select: { id: true, name: true, homeX: true, homeY: true } });
        checksum.add(row!.id).add(row!.homeX).add(row!.homeY);
      } else if (kind === 'range') {
        const from = random.int(MESSAGES_PER_AGENT - 4);
        const rows = await messages.find({
          where: { agentId: id, seq: Between(from, from + 4) },
          order: { seq: 'ASC' },
          select: { id: true, seq: true },
        });
        checksum.add(rows.length);
        for (const row of rows) checksum.add(row.seq);
      } else if (kind === 'insert') {
        const result = await snapshots.insert(snapshotRows(agent, random.int(1e6)));
        checksum.add(result.identifiers.length);
      } else {
        await source.transaction(async (manager) => {
          const row = await manager.findOne(AgentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
          await manager.update(AgentEntity, { id }, { energy: row!.energy * 0.99 + 1, version: row!.version + 1 });
          await manager.insert(SnapshotEntity, { agentId: id, step: 0, summary: 'rmw' });
        });
        checksum.add(1);
      }
    },
    close: () => settleWithin(source.destroy()),
  };
}

/**
 * Agents on one worker share its pool. The pool outlives a run by
 * POOL_LINGER_MS: the next run's agents find it connected, as a service's
 * requests find its pool, instead of every run paying for new connections
 * (and an ORM's start) in time the round waits for but does not time. An
 * idle pool then closes, so the orchestrator, host of the inline agents,
 * keeps no connections past its point.
 */
const pools = new Map<string, { queries: Promise<Queries>; users: number; closing?: NodeJS.Timeout }>();
const POOL_LINGER_MS = 1500;
let seeded = 1;

// The application name holds the side, the client and the pool size (driver.ts).
const poolKey = (args: DatabaseAgentArgs): string => `${args.applicationName} ${args.url}`;

async function acquire(args: DatabaseAgentArgs): Promise<Queries> {
  const key = poolKey(args);
  const existing = pools.get(key);
  if (existing) {
    clearTimeout(existing.closing);
    existing.users++;
    return existing.queries;
  }
  const queries = args.client === 'pg' ? rawQueries(args.url, args.poolMax, args.applicationName) : ormQueries(args.url, args.poolMax, args.applicationName);
  pools.set(key, { queries, users: 1 });
  queries.catch(() => pools.delete(key));
  return queries;
}

function release(args: DatabaseAgentArgs): void {
  const key = poolKey(args);
  const entry = pools.get(key);
  if (!entry || --entry.users > 0) return;
  entry.closing = setTimeout(() => {
    pools.delete(key);
    void entry.queries.then((queries) => queries.close());
  }, POOL_LINGER_MS);
  entry.closing.unref();
}

/**
 * One database agent: opens (or joins) its worker's pool and says so, waits
 * for the start signal, runs its operations one after another, reports, and
 * leaves when the orchestrator ends the conversation.
 */
async function databaseAgent(port: AgentPort, args: DatabaseAgentArgs): Promise<number> {
  seeded = args.seededAgents;
  const start = new Promise<void>((resolve) => port.onMessage(() => resolve()));
  let queries: Queries;
  try {
    queries = await acquire(args);
  } catch (error) {
    port.send({ error: (error as Error).message } satisfies DatabaseReady);
    await port.ended;
    return 0;
  }
  try {
    port.send({} satisfies DatabaseReady);
    await start;
    const random = new Random(deriveSeed(args.seed, 5, args.agent));
    const checksum = new Checksum();
    const histogram = createHistogram();
    let errors = 0;
    let firstError: string | undefined;
    for (let operation = 0; operation < args.operations; operation++) {
      const started = performance.now();
      try {
        await queries.run(args.query, random, args.agent, checksum);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
      recordMs(histogram, performance.now() - started);
    }
    port.send({ checksum: checksum.hex(), histogram: encodeHistogram(histogram), errors, ...(firstError ? { firstError } : {}) } satisfies DatabaseOutcome);
    await port.ended;
    return args.operations;
  } finally {
    release(args);
  }
}

export const database: AgentModule = {
  channels: { agent: databaseAgent },
};
