import type { AgentHome } from '../../workloads/spawn/agent.js';
import type { Backend } from './types.js';

/**
 * Opens one holding agent per worker and waits until each has announced
 * itself: every worker is then started, has loaded the given workload's agent
 * module (so no timed repetition pays for loading it) and has completed a
 * first round trip. Returns where each agent ran.
 */
export async function warmEveryWorker(backend: Backend, preload?: string, agents = backend.poolSize): Promise<AgentHome[]> {
  const channels = await Promise.all(
    Array.from({ length: agents }, () => backend.open({ workload: 'spawn', handler: 'hold', args: { preload } })),
  );
  const homes = await Promise.all(
    channels.map((channel) => new Promise<AgentHome>((resolve) => channel.onMessage((home) => resolve(home as AgentHome)))),
  );
  await Promise.all(channels.map((channel) => channel.close()));
  return homes;
}
