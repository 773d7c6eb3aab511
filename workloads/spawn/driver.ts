import type { AgentHome } from './agent.js';
import { createHistogram, recordMs } from '../../src/kernel/histogram.js';
import { numberParam, range, type ColdWorkload } from '../../src/workloads/types.js';

async function memoryBytes(pids: readonly number[]): Promise<{ rss: number; pss: number | null }> {
  const { samplePids } = await import('../../src/measure/resources.js');
  const readings = [...(await samplePids(pids)).values()];
  const pss = readings.every((reading) => reading.pssBytes !== null)
    ? readings.reduce((total, reading) => total + reading.pssBytes!, 0)
    : null;
  return { rss: readings.reduce((total, reading) => total + reading.rssBytes, 0), pss };
}

/**
 * Cold start: a fresh backend with one worker per agent. firstTaskMs runs from
 * creation until a first task has completed; spawnMs until every agent has
 * also announced itself from its own thread or process.
 * Memory per agent = (orchestrator + children with agents alive − orchestrator
 * before) / agents.
 */
export const spawn: ColdWorkload = {
  name: 'spawn',
  description: 'cold start of 1 and of N agents: time until each has answered, and memory per agent',
  throughputUnit: 'agents/s',
  latencyDefinition: 'one agent, from backend creation until its first message arrives, timed by the orchestrator',
  lifecycle: 'cold',
  parameters: {
    agents: { description: 'agents started at once, one worker or child each', default: 1 },
  },
  agents: (params) => numberParam(params, 'agents'),
  pool: (params) => ({ poolSize: numberParam(params, 'agents'), tasksPerWorker: 1 }),
  async run({ params, createBackend }) {
    const agents = numberParam(params, 'agents');
    const before = await memoryBytes([process.pid]);
    const latency = createHistogram();
    const started = performance.now();
    const backend = createBackend();
    try {
      await backend.start();
      await backend.run({ workload: 'spawn', handler: 'noop', args: 0 });
      const firstTaskMs = performance.now() - started;
      const channels = await Promise.all(
        range(agents).map(() => backend.open({ workload: 'spawn', handler: 'hold', args: null })),
      );
      const homes = await Promise.all(
        channels.map(
          (channel) =>
            new Promise<AgentHome>((resolve) =>
              channel.onMessage((home) => {
                recordMs(latency, performance.now() - started);
                resolve(home as AgentHome);
              }),
            ),
        ),
      );
      const spawnMs = performance.now() - started;
      const alive = await memoryBytes([process.pid, ...backend.childPids()]);
      await Promise.all(channels.map((channel) => channel.close()));
      const closeStarted = performance.now();
      await backend.close();
      const closeMs = performance.now() - closeStarted;
      const workers = new Set(homes.map((home) => `${home.pid}/${home.threadId}`)).size;
      return {
        operations: agents,
        durationMs: spawnMs,
        latency,
        // Every agent answered; on inline they share one home, elsewhere each has its own.
        checksum: `agents-${homes.length}`,
        metrics: {
          spawnMs,
          // With one agent both pools start one worker, so this is the same interval on both sides; with more, the
          // process pool's start() waits for every child and piscina's does not: not comparable, so not reported.
          ...(agents === 1 ? { firstTaskMs } : {}),
          closeMs,
          distinctWorkers: workers,
          perAgentRssBytes: (alive.rss - before.rss) / agents,
          ...(alive.pss !== null && before.pss !== null ? { perAgentPssBytes: (alive.pss - before.pss) / agents } : {}),
        },
      };
    } catch (error) {
      await backend.destroy();
      throw error;
    }
  },
};
