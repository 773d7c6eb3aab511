import { EntitySchema } from 'typeorm';
import { BENCH_SCHEMA } from './sql.js';

/**
 * The database suite's tables, all inside the lab's own schema. Agents and
 * messages are seeded once and only read (bar the columns a transaction
 * updates, which no read returns); snapshots only grow.
 */
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

