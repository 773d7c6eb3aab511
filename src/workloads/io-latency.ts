import { mergeEncoded } from '../measure/histogram.js';
import { combineChecksums, numberParam, range, type WarmWorkload } from './types.js';

export const ioLatency: WarmWorkload = {
  name: 'io-latency',
  description: 'agents that mostly await simulated 50–200 ms remote calls, with a belief update after each',
  throughputUnit: 'agent-steps/s',
  latencyDefinition: 'one agent step (remote call + belief update), timed inside the agent',
  lifecycle: 'warm',
  parameters: {
    agents: { description: 'concurrent agents', default: 32 },
    steps: { description: 'remote calls per agent per repetition', default: 2 },
    minCallMs: { description: 'shortest simulated call', default: 50, min: 0 },
    maxCallMs: { description: 'longest simulated call', default: 200, min: 0 },
  },
  agents: (params) => numberParam(params, 'agents'),
  // Waiting agents must not hold a worker each: every agent is in flight at once.
  pool: (params, poolSize) => ({ poolSize, tasksPerWorker: Math.ceil(numberParam(params, 'agents') / poolSize) }),
  async run({ backend, params, seed }) {
    const agents = numberParam(params, 'agents');
    const steps = numberParam(params, 'steps');
    const args = { seed, steps, minCallMs: numberParam(params, 'minCallMs'), maxCallMs: numberParam(params, 'maxCallMs') };
    const started = performance.now();
    const results = (await Promise.all(
      range(agents).map((agent) => backend.run({ workload: 'io-latency', handler: 'episode', args: { ...args, agent } })),
    )) as Array<{ checksum: string; stepHistogram: string }>;
    const durationMs = performance.now() - started;
    return {
      operations: agents * steps,
      durationMs,
      latency: mergeEncoded(results.map((result) => result.stepHistogram)),
      checksum: combineChecksums(results.map((result) => result.checksum)),
    };
  },
};
