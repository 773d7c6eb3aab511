import { searchDigest } from '../shared/belief.js';
import type { AgentModule } from '../../src/kernel/agent.js';

/** What the http suite's CPU-heavy endpoint computes for one request. */
export interface BeliefRequest {
  seed: number;
  /** Belief updates (observe, update over all 1,024 cells, move) for this request. */
  steps: number;
}

/**
 * The body of one CPU-heavy response: a searcher runs `steps` belief updates
 * from a seeded start and reports where it went. Every request with the same
 * seed and steps gets the same body, on whichever server or worker handled it.
 */
export function beliefResponse({ seed, steps }: BeliefRequest): string {
  const { cell, digest } = searchDigest(seed, steps);
  return JSON.stringify({ steps, cell, checksum: digest });
}

export const http: AgentModule = {
  tasks: { belief: beliefResponse },
};
