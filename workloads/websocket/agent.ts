import { searchDigest } from '../shared/belief.js';
import type { AgentModule } from '../../src/kernel/agent.js';

/** The CPU work behind one WebSocket message: what the websocket suite's server computes before it answers. */
export interface BeliefWork {
  /** From the message: every server and worker derives the same searcher from it. */
  seed: number;
  /** Belief updates (observe, update over all 1,024 cells, move). */
  steps: number;
}

/**
 * Runs `steps` belief updates of a searcher seeded from the message and folds
 * where it went into a 32-bit digest. A pure function of its arguments, so
 * the inline server, a worker thread and a cluster worker all answer alike.
 */
export function beliefDigest({ seed, steps }: BeliefWork): number {
  return Number.parseInt(searchDigest(seed, steps).digest, 16);
}

export const websocket: AgentModule = {
  tasks: { belief: beliefDigest },
};
