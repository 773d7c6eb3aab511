import { runEpisodes } from './episodes.js';
import { numberParam, type WarmWorkload } from '../../src/workloads/types.js';

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
  run: ({ backend, params, seed }) =>
    runEpisodes(backend, 'exploration', numberParam(params, 'agents'), numberParam(params, 'steps'), { seed }),
};
