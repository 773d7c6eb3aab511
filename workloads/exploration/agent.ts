import { performance } from 'node:perf_hooks';
import { createHistogram, encodeHistogram, recordMs } from '../../src/kernel/histogram.js';
import { Searcher, hiddenTarget, mostLikelyCell } from '../shared/belief.js';
import { Checksum, Random, deriveSeed } from '../../src/kernel/random.js';
import type { AgentModule } from '../../src/kernel/agent.js';

export interface ExplorationEpisode {
  seed: number;
  agent: number;
  steps: number;
}

export interface EpisodeResult {
  checksum: string;
  /** Per-step latency, timed inside the agent, encoded. */
  stepHistogram: string;
}

/**
 * One independent agent searching a grid for a hidden target: every step is
 * a Bayesian belief update over all 1,024 cells and a move. CPU-bound, no
 * communication.
 */
export function runEpisode({ seed, agent, steps }: ExplorationEpisode): EpisodeResult {
  const searcher = new Searcher(new Random(deriveSeed(seed, 2, agent)), hiddenTarget(new Random(deriveSeed(seed, 1))));
  const { position, belief } = searcher;
  const histogram = createHistogram();
  const checksum = new Checksum();
  for (let step = 0; step < steps; step++) {
    const started = performance.now();
    searcher.step();
    recordMs(histogram, performance.now() - started);
    checksum.add(position.x).add(position.y);
  }
  checksum.add(mostLikelyCell(belief)).addFloat(belief[mostLikelyCell(belief)]!);
  return { checksum: checksum.hex(), stepHistogram: encodeHistogram(histogram) };
}

export const exploration: AgentModule = {
  tasks: { episode: runEpisode },
};
