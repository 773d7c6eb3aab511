import { runEpisodes } from '../exploration/episodes.js';
import { numberParam, type WarmWorkload } from '../../src/workloads/types.js';

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
  run: ({ backend, params, seed }) =>
    runEpisodes(backend, 'io-latency', numberParam(params, 'agents'), numberParam(params, 'steps'), {
      seed,
      minCallMs: numberParam(params, 'minCallMs'),
      maxCallMs: numberParam(params, 'maxCallMs'),
    }),
};
