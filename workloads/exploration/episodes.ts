import type { EpisodeResult } from './agent.js';
import type { Backend } from '../../src/backends/types.js';
import { mergeEncoded } from '../../src/kernel/histogram.js';
import { combineChecksums, range, type Repetition } from '../../src/workloads/types.js';

/**
 * One episode task per agent, all submitted at once; throughput counts agent
 * steps. Histograms are decoded and merged only after the clock stops.
 */
export async function runEpisodes(
  backend: Backend,
  workload: string,
  agents: number,
  steps: number,
  args: Readonly<Record<string, unknown>>,
): Promise<Repetition> {
  const started = performance.now();
  const results = (await Promise.all(
    range(agents).map((agent) => backend.run({ workload, handler: 'episode', args: { ...args, steps, agent } })),
  )) as EpisodeResult[];
  const durationMs = performance.now() - started;
  return {
    operations: agents * steps,
    durationMs,
    latency: mergeEncoded(results.map((result) => result.stepHistogram)),
    checksum: combineChecksums(results.map((result) => result.checksum)),
  };
}
