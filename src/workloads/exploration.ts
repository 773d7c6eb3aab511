import type { EpisodeResult } from '../../workloads/exploration.js';
import { mergeEncoded } from '../measure/histogram.js';
import { combineChecksums, numberParam, range, type WarmWorkload } from './types.js';

export const exploration: WarmWorkload = {
  name: 'exploration',
  description: 'independent CPU-bound agents: Bayesian belief updates over a 32×32 grid, no communication',
  throughputUnit: 'agent-steps/s',
  latencyDefinition: 'one agent step (belief update + move), timed inside the agent',
  lifecycle: 'warm',
  parameters: {
    agents: { description: 'agents, one task each per repetition', default: 8 },
    steps: { description: 'steps per agent per repetition', default: 300 },
  },
  agents: (params) => numberParam(params, 'agents'),
  pool: (_params, poolSize) => ({ poolSize, tasksPerWorker: 1 }),
  async run({ backend, params, seed }) {
    const agents = numberParam(params, 'agents');
    const steps = numberParam(params, 'steps');
    const started = performance.now();
    const results = (await Promise.all(
      range(agents).map((agent) =>
        backend.run({ workload: 'exploration', handler: 'episode', args: { seed, agent, steps } }),
      ),
    )) as EpisodeResult[];
    const durationMs = performance.now() - started;
    return {
      operations: agents * steps,
      durationMs,
      latency: mergeEncoded(results.map((result) => result.stepHistogram)),
      checksum: combineChecksums(results.map((result) => result.checksum)),
    };
  },
};
