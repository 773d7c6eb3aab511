import type { Suite } from '../suite.js';

/** Agents on the runner's pool query a PostgreSQL server the suite starts (or finds at DATABASE_URL). */
export const databaseSuite: Suite = { name: 'database', usesPool: () => true };
