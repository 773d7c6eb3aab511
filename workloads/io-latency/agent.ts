import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHistogram, encodeHistogram, recordMs } from '../../src/kernel/histogram.js';
import { Searcher, hiddenTarget } from '../shared/belief.js';
import type { EpisodeResult } from '../exploration/agent.js';
import { Checksum, Random, deriveSeed } from '../../src/kernel/random.js';
import type { AgentModule } from '../../src/kernel/agent.js';

export interface IoEpisode {
  seed: number;
  agent: number;
  steps: number;
  minCallMs: number;
  maxCallMs: number;
}

/**
 * An agent that mostly waits: each step awaits a simulated remote call
 * (a seeded delay between minCallMs and maxCallMs, standing in for an LLM or
 * HTTP request) and then does one belief update.
 */
export async function ioEpisode({ seed, agent, steps, minCallMs, maxCallMs }: IoEpisode): Promise<EpisodeResult> {
  const searcher = new Searcher(new Random(deriveSeed(seed, 4, agent)), hiddenTarget(new Random(deriveSeed(seed, 1))));
  const { position, random } = searcher;
  const histogram = createHistogram();
  const checksum = new Checksum();
  for (let step = 0; step < steps; step++) {
    const started = performance.now();
    await sleep(minCallMs + random.next() * (maxCallMs - minCallMs));
    searcher.step();
    recordMs(histogram, performance.now() - started);
    checksum.add(position.x).add(position.y);
  }
  return { checksum: checksum.hex(), stepHistogram: encodeHistogram(histogram) };
}

export const ioLatency: AgentModule = {
  tasks: { episode: ioEpisode },
};
