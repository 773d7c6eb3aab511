import { Searcher, hiddenTarget, mostLikelyCell } from './belief.js';
import { Checksum, Random, deriveSeed } from './random.js';
import type { AgentModule } from './types.js';

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
  const searcher = new Searcher(new Random(deriveSeed(seed, 7)), hiddenTarget(new Random(deriveSeed(seed, 1))));
  const { position, belief } = searcher;
  const checksum = new Checksum();
  for (let step = 0; step < steps; step++) {
    searcher.step();
    checksum.add(position.x).add(position.y);
  }
  const cell = mostLikelyCell(belief);
  checksum.add(cell).addFloat(belief[cell]!);
  return JSON.stringify({ steps, cell, checksum: checksum.hex() });
}

export const http: AgentModule = {
  tasks: { belief: beliefResponse },
};
