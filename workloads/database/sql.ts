/**
 * The database workload's SQL side, without an ORM: the schema's name, the
 * seed statements and the helpers the orchestrator needs. Kept apart from the
 * agent (which loads typeorm) so that planning and listing never load it.
 */

/** The lab's own schema: every table of the suite lives inside it. */
export const BENCH_SCHEMA = 'lab_bench';

/** pg's end() can stay pending forever on a connection the server already dropped: wait at most a moment. */
export function settleWithin(work: Promise<unknown>, ms = 2000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    work.then(
      () => (clearTimeout(timer), resolve()),
      () => (clearTimeout(timer), resolve()),
    );
  });
}

export const APPLICATION_NAME = 'lab-bench';

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
