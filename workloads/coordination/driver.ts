import os from 'node:os';
import type { PublicState, StepReply } from './agent.js';
import type { AgentChannel } from '../../src/backends/types.js';
import { createHistogram, recordMs } from '../../src/kernel/histogram.js';
import { combineChecksums, numberParam, range, stringParam, type WarmWorkload } from '../../src/workloads/types.js';

type Topology = 'ring' | 'all';

export function neighboursOf(agent: number, agents: number, topology: Topology): number[] {
  if (topology === 'all') return range(agents).filter((other) => other !== agent);
  if (agents <= 1) return [];
  if (agents === 2) return [1 - agent];
  return [(agent + agents - 1) % agents, (agent + 1) % agents];
}

/** Resolves with every agent's next reply: the barrier at the end of a step. */
function barrier(inboxes: Array<(reply: StepReply) => void>, agents: number): Promise<StepReply[]> {
  return new Promise((resolve) => {
    const replies = new Array<StepReply>(agents);
    let pending = agents;
    for (let agent = 0; agent < agents; agent++) {
      inboxes[agent] = (reply) => {
        replies[agent] = reply;
        if (--pending === 0) resolve(replies);
      };
    }
  });
}

export const coordination: WarmWorkload = {
  name: 'coordination',
  description: 'persistent agents exchange ~1 KiB states with neighbours every step, behind a barrier',
  throughputUnit: 'steps/s',
  latencyDefinition: 'one coordinated step of all agents (barrier to barrier), timed by the orchestrator',
  lifecycle: 'warm',
  parameters: {
    agents: { description: 'agents, all alive for the whole repetition', default: 8 },
    steps: { description: 'coordinated steps per repetition', default: 40 },
    topology: { description: 'who hears whom: ring neighbours or all-to-all', default: 'ring', choices: ['ring', 'all'] },
  },
  agents: (params) => numberParam(params, 'agents'),
  // Every agent lives for the whole repetition, so every worker must host its share at once.
  pool: (params, poolSize) => ({ poolSize, tasksPerWorker: Math.ceil(numberParam(params, 'agents') / poolSize) }),
  async run({ backend, params, seed }) {
    const agents = numberParam(params, 'agents');
    const steps = numberParam(params, 'steps');
    const topology = stringParam(params, 'topology') as Topology;
    const neighbours = range(agents).map((agent) => neighboursOf(agent, agents, topology));
    const inboxes = new Array<(reply: StepReply) => void>(agents);
    let replies = barrier(inboxes, agents);
    const channels: AgentChannel[] = await Promise.all(
      range(agents).map((agent) => backend.open({ workload: 'coordination', handler: 'agent', args: { seed, agent } })),
    );
    channels.forEach((channel, agent) => channel.onMessage((reply) => inboxes[agent]!(reply as StepReply)));
    let states: PublicState[] = (await replies).map((reply) => reply.state);

    const parallelism = Math.min(agents, backend.poolSize, os.availableParallelism());
    const latency = createHistogram();
    let wallMs = 0;
    let idealComputeMs = 0;
    const started = performance.now();
    for (let step = 0; step < steps; step++) {
      const stepStarted = performance.now();
      replies = barrier(inboxes, agents);
      for (let agent = 0; agent < agents; agent++) {
        channels[agent]!.send(neighbours[agent]!.map((other) => states[other]!));
      }
      const stepReplies = await replies;
      const stepMs = performance.now() - stepStarted;
      recordMs(latency, stepMs);
      states = stepReplies.map((reply) => reply.state);
      wallMs += stepMs;
      idealComputeMs += stepReplies.reduce((total, reply) => total + reply.computeMs, 0) / parallelism;
    }
    const durationMs = performance.now() - started;
    const checksums = (await Promise.all(channels.map((channel) => channel.close()))) as string[];
    return {
      operations: steps,
      durationMs,
      latency,
      checksum: combineChecksums(checksums),
      metrics: {
        // The share of step time not explained by the agents' own compute spread over the usable cores:
        // serialization, transport, the relay through the orchestrator and waiting at the barrier.
        communicationShare: wallMs > 0 ? Math.max(0, 1 - idealComputeMs / wallMs) : 0,
        // Neighbour states relayed per step (one message per agent carries all of its neighbours' states).
        statesRelayedPerStep: neighbours.reduce((total, list) => total + list.length, 0),
      },
    };
  },
};
