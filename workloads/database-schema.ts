import { EntitySchema } from 'typeorm';

/**
 * The database suite's tables, all inside the lab's own schema. Agents and
 * messages are seeded once and only read (bar the columns a transaction
 * updates, which no read returns); snapshots only grow.
 */
export const BENCH_SCHEMA = 'lab_bench';

export interface AgentRow {
  id: number;
  name: string;
  homeX: number;
  homeY: number;
  energy: number;
  version: number;
}

export interface MessageRow {
  id: number;
  agentId: number;
  seq: number;
  topic: string;
  body: string;
}

export interface SnapshotRow {
  id?: number;
  agentId: number;
  step: number;
  summary: string;
}

export const AgentEntity = new EntitySchema<AgentRow>({
  name: 'Agent',
  tableName: 'agents',
  schema: BENCH_SCHEMA,
  columns: {
    id: { type: Number, primary: true },
    name: { type: String },
    homeX: { type: Number, name: 'home_x' },
    homeY: { type: Number, name: 'home_y' },
    energy: { type: 'double precision' },
    version: { type: Number },
  },
});

export const MessageEntity = new EntitySchema<MessageRow>({
  name: 'Message',
  tableName: 'messages',
  schema: BENCH_SCHEMA,
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    agentId: { type: Number, name: 'agent_id' },
    seq: { type: Number },
    topic: { type: String },
    body: { type: String },
  },
});

export const SnapshotEntity = new EntitySchema<SnapshotRow>({
  name: 'Snapshot',
  tableName: 'belief_snapshots',
  schema: BENCH_SCHEMA,
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    agentId: { type: Number, name: 'agent_id' },
    step: { type: Number },
    summary: { type: String },
  },
});

export const ENTITIES = [AgentEntity, MessageEntity, SnapshotEntity];

/** Messages per seeded agent. */
export const MESSAGES_PER_AGENT = 10;

/** Creates the schema and fills it deterministically, server-side. */
export function seedStatements(agents: number): string[] {
  const messages = agents * MESSAGES_PER_AGENT;
  return [
    `DROP SCHEMA IF EXISTS ${BENCH_SCHEMA} CASCADE`,
    `CREATE SCHEMA ${BENCH_SCHEMA}`,
    `CREATE TABLE ${BENCH_SCHEMA}.agents (id integer PRIMARY KEY, name text NOT NULL, home_x integer NOT NULL, home_y integer NOT NULL, energy double precision NOT NULL, version integer NOT NULL)`,
    `CREATE TABLE ${BENCH_SCHEMA}.messages (id serial PRIMARY KEY, agent_id integer NOT NULL, seq integer NOT NULL, topic text NOT NULL, body text NOT NULL)`,
    `CREATE INDEX messages_agent_seq ON ${BENCH_SCHEMA}.messages (agent_id, seq)`,
    `CREATE TABLE ${BENCH_SCHEMA}.belief_snapshots (id serial PRIMARY KEY, agent_id integer NOT NULL, step integer NOT NULL, summary text NOT NULL)`,
    `INSERT INTO ${BENCH_SCHEMA}.agents SELECT i, 'agent-' || i, (i * 7) % 32, (i * 13) % 32, 100, 0 FROM generate_series(1, ${agents}) AS i`,
    `INSERT INTO ${BENCH_SCHEMA}.messages (agent_id, seq, topic, body) SELECT 1 + (i % ${agents}), i / ${agents}, 'topic-' || (i % 17), md5(i::text) FROM generate_series(0, ${messages - 1}) AS i`,
    `ANALYZE ${BENCH_SCHEMA}.agents`,
    `ANALYZE ${BENCH_SCHEMA}.messages`,
  ];
}
